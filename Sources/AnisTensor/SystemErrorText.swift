// SystemErrorText: a FileManager failure as the short reason strerror gives ("No such
// file or directory"), for messages that name the path themselves. (FoundationEssentials
// has no localizedDescription; its errors carry the POSIX code underneath.)
import FoundationEssentials
import Glibc

public func systemErrorText(_ error: any Error) -> String {
    var underlying: Any = error
    if let cocoa = error as? CocoaError, let inner = cocoa.userInfo["NSUnderlyingError"] { underlying = inner }
    if let posix = underlying as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    return "\(error)"
}
