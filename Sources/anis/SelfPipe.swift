// SelfPipe: the self-pipe trick's pipe, which a signal handler writes one byte to so
// a waiting thread wakes from poll(); both ends non-blocking and close-on-exec.
import Glibc

enum SelfPipe {
    /// (read end, write end), or nil when the pipe cannot be made.
    static func make() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }
}
