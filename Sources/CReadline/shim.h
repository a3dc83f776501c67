// CReadline: GNU readline and history. Swift 6 rejects direct use of C mutable
// globals, so every global the REPL touches is wrapped in a static inline accessor.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

typedef char **anis_completion_fn(const char *, int, int);

static inline void anis_rl_set_completion(anis_completion_fn *fn) { rl_attempted_completion_function = fn; }
static inline void anis_rl_set_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void anis_rl_set_basic_word_break_characters(const char *s) { rl_basic_word_break_characters = (char *)s; }
static inline void anis_rl_set_readline_name(const char *s) { rl_readline_name = s; }
static inline void anis_rl_set_catch_signals(int v) { rl_catch_signals = v; }
static inline void anis_rl_set_catch_sigwinch(int v) { rl_catch_sigwinch = v; }
static inline void anis_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline const char *anis_rl_line_buffer(void) { return rl_line_buffer; }
static inline void anis_rl_set_done(int v) { rl_done = v; }
static inline int anis_history_length(void) { return history_length; }
