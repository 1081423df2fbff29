//! The POSIX `sh` subset: tokenizer, parser, compiler to flat instructions, and the resumable
//! virtual machine with its expansions and builtins.

pub mod arith;
pub mod ast;
pub mod builtins;
pub mod compile;
pub mod expand;
pub mod lex;
pub mod parse;
pub mod pattern;
pub mod vm;
