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

// Accessors used by the anis REPL (Sources/anis/LineEditor.swift).
static inline int anis_rl_point(void) { return rl_point; }
static inline int anis_rl_end(void) { return rl_end; }
static inline void anis_rl_set_point(int v) { rl_point = v; }
static inline void anis_rl_set_instream(FILE *f) { rl_instream = f; }
static inline void anis_rl_set_outstream(FILE *f) { rl_outstream = f; }
static inline void anis_history_set_multiline(int v) { history_multiline_entries = v; }
static inline void anis_history_set_write_timestamps(int v) { history_write_timestamps = v; }
static inline void anis_history_set_comment_char(char c) { history_comment_char = c; }
/// The most recent history entry's text, or NULL when the history is empty.
static inline const char *anis_history_last(void) {
    HIST_ENTRY *e = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    return e ? e->line : NULL;
}
// The C standard streams (Swift 6 rejects the `stdin`/`stdout`/`stderr` globals directly).
static inline FILE *anis_stdin(void) { return stdin; }
static inline FILE *anis_stdout(void) { return stdout; }
static inline FILE *anis_stderr(void) { return stderr; }
typedef char *anis_word_break_hook_fn(void);
static inline void anis_rl_set_word_break_hook(anis_word_break_hook_fn *fn) { rl_completion_word_break_hook = fn; }
