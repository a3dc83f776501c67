// main: the entry point. Everything happens in CLI.main; top-level code stays tiny
// (globals in main.swift are slow and lazily initialised in odd orders).
import Glibc

exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
