//! Programs of well-known images (postgres, nginx, the kiamol π app): each is a function of its
//! args, environment and the host, in its own file, started by name when the image has it.

pub mod nginx;
pub mod pg_basebackup;
pub mod pg_conn;
pub mod pg_data;
pub mod pg_server;
pub mod pg_tools;
pub mod pi;
pub mod postgres;
pub mod psql;
pub mod system;

use crate::task::{Cx, Program};

pub use system::SYSTEM_PROGRAMS;

/// postgres:11.6-alpine's programs that kubeplay models.
pub const POSTGRES_PROGRAMS: &[&str] = &[
    "postgres",
    "docker-entrypoint.sh",
    "pg_isready",
    "pg_basebackup",
    "pg_dump",
    "psql",
    "initdb",
];
/// nginx image programs.
pub const NGINX_PROGRAMS: &[&str] = &["nginx", "docker-entrypoint.sh"];
/// kiamol/ch05-pi programs (`dotnet Pi.Web.dll ...`).
pub const PI_PROGRAMS: &[&str] = &["dotnet"];

pub fn is_program(name: &str) -> bool {
    POSTGRES_PROGRAMS.contains(&name)
        || NGINX_PROGRAMS.contains(&name)
        || PI_PROGRAMS.contains(&name)
        || SYSTEM_PROGRAMS.contains(&name)
}

/// What starting a program gave.
pub enum Started {
    /// It finished already (a client tool): its exit status.
    Done(i32),
    /// It runs over resumes (a server, an entrypoint).
    Run(Box<dyn Program>),
}

/// Starts program `name` with `argv` (argv[0] as typed).
pub fn start(name: &str, argv: &[String], cx: &mut Cx) -> Started {
    match name {
        "postgres" => Started::Run(Box::new(pg_server::Server::new(argv, cx))),
        // Both images have a docker-entrypoint.sh of their own.
        "docker-entrypoint.sh" if cx.host.has_program("postgres") => Started::Run(Box::new(postgres::Entrypoint::new(argv))),
        "docker-entrypoint.sh" => Started::Run(Box::new(nginx::Entrypoint::new(argv))),
        "initdb" => Started::Done(postgres::initdb_standalone(cx, argv)),
        "pg_isready" => Started::Done(pg_tools::pg_isready(cx, argv)),
        "pg_basebackup" => Started::Done(pg_basebackup::pg_basebackup(cx, argv)),
        "pg_dump" => Started::Done(pg_tools::pg_dump(cx, argv)),
        "psql" => Started::Done(psql::psql(cx, argv)),
        "nginx" => nginx::start(cx, argv),
        "dotnet" => pi::start(cx, argv),
        _ if SYSTEM_PROGRAMS.contains(&name) => system::start(name),
        _ => Started::Done(127),
    }
}
