//! postgres:11.6-alpine's `docker-entrypoint.sh` (the early-2020 version of
//! docker-library/postgres 11/alpine/docker-entrypoint.sh: password check, initdb, the
//! socket-only temporary server, init scripts, `exec postgres`) and a standalone `initdb`.

use super::pg_data::{self, has_database, read_control, write_cluster, write_control};
use crate::applets::util::strftime;
use crate::run::{launch, Launched};
use crate::sh::vm::Shell;
use crate::task::{Cx, Env, Outcome, Program, Task, TaskKind};
use crate::Signal;

pub const DEFAULT_PGDATA: &str = "/var/lib/postgresql/data";

/// The entrypoint's refusal when PGDATA is empty and no password is set, verbatim from
/// docker-library/postgres (docker_verify_minimum_env; tabs stripped by `<<-`).
pub const NO_PASSWORD_ERROR: &str =
    "Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".

       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about \"trust\":
       https://www.postgresql.org/docs/current/auth-trust.html
";

/// `2025-01-01 00:00:03.123 UTC [1] ` — PostgreSQL's default log_line_prefix '%m [%p] '.
pub fn log_prefix(ms: i64, pid: u32) -> String {
    format!(
        "{}.{:03} UTC [{pid}] ",
        strftime("%F %T", ms),
        ms.rem_euclid(1000)
    )
}

pub fn pgdata(cx: &Cx) -> String {
    cx.var("PGDATA")
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_PGDATA)
        .to_string()
}

/// initdb's output on the alpine image (musl has no `locale` program, hence the warning).
fn initdb_log(cx: &Cx, pgdata: &str, start_ms: i64) -> String {
    format!(
        "The files belonging to this database system will be owned by user \"postgres\".
This user must also own the server process.

The database cluster will be initialized with locale \"en_US.utf8\".
The default database encoding has accordingly been set to \"UTF8\".
The default text search configuration will be set to \"english\".

Data page checksums are disabled.

fixing permissions on existing directory {pgdata} ... ok
creating subdirectories ... ok
selecting default max_connections ... 100
selecting default shared_buffers ... 128MB
selecting dynamic shared memory implementation ... posix
creating configuration files ... ok
running bootstrap script ... ok
performing post-bootstrap initialization ... sh: locale: not found
{}WARNING:  no usable system locales were found
ok
syncing data to disk ... ok

Success. You can now start the database server using:

    pg_ctl -D {pgdata} -l logfile start


WARNING: enabling \"trust\" authentication for local connections
You can change this by editing pg_hba.conf or using the option -A, or
--auth-local and --auth-host, the next time you run initdb.
",
        log_prefix(start_ms + 900, 30)
    )
    .replace("{user}", cx.var("POSTGRES_USER").unwrap_or("postgres"))
}

/// `initdb` run by hand: writes the cluster into -D or PGDATA.
pub fn initdb_standalone(cx: &mut Cx, argv: &[String]) -> i32 {
    let mut dir = pgdata(cx);
    for (i, a) in argv.iter().enumerate() {
        if a == "-D" {
            if let Some(d) = argv.get(i + 1) {
                dir = cx.abs(d);
            }
        } else if let Some(d) = a.strip_prefix("--pgdata=") {
            dir = cx.abs(d);
        }
    }
    if has_database(cx.host.fs(), &dir) {
        let m = format!("initdb: directory \"{dir}\" exists but is not empty\n");
        cx.err(&m);
        return 1;
    }
    let log = initdb_log(cx, &dir, cx.host.now_ms());
    cx.out(&log);
    cx.cost_ms += 1500;
    let user = super::pg_tools::opt(argv, "-U", "--username").unwrap_or_else(|| "root".into());
    let now = cx.host.now_ms();
    match write_cluster(cx.host.fs(), &dir, &user, None, now) {
        Ok(()) => 0,
        Err(e) => {
            let m = format!(
                "initdb: could not create directory \"{dir}\": {}\n",
                crate::path::fs_error_text(e)
            );
            cx.err(&m);
            1
        }
    }
}

enum Phase {
    Start,
    TempServer,
    Scripts { files: Vec<String>, next: usize },
    Finish,
    Exec,
}

/// The temporary server's PID in the log (pg_ctl's child, early in the container's life).
const TEMP_PID: u32 = 43;

/// docker-entrypoint.sh as a program over several resumes.
pub struct Entrypoint {
    argv: Vec<String>,
    phase: Phase,
    /// `$0` in the script's messages: the path bash was started with.
    arg0: String,
    /// The environment after docker_setup_env's exports (init scripts and the server get it).
    env: Option<Env>,
    pgdata: String,
}

fn set(env: &mut Env, k: &str, v: &str) {
    env.vars.retain(|(n, _)| n != k);
    env.vars.push((k.to_string(), v.to_string()));
}

impl Entrypoint {
    pub fn new(argv: &[String]) -> Entrypoint {
        let a0 = argv.first().cloned().unwrap_or_default();
        let arg0 = if a0.contains('/') {
            a0
        } else {
            format!("/usr/local/bin/{a0}")
        };
        let mut args: Vec<String> = argv[1..].to_vec();
        if args.first().is_some_and(|a| a.starts_with('-')) {
            args.insert(0, "postgres".into());
        }
        Entrypoint {
            argv: args,
            phase: Phase::Start,
            arg0,
            env: None,
            pgdata: String::new(),
        }
    }

    fn exec_args(&self, cx: &mut Cx) -> Outcome {
        if self.argv.is_empty() {
            return Outcome::Exit(0);
        }
        let mut cost = 0;
        let env = self.env.clone().unwrap_or_else(|| cx.env.clone());
        let cwd = cx.cwd.to_string();
        let argv = self.argv.clone();
        match launch(
            cx.host, cx.io, cx.buf, cx.logged, &env, &cwd, &argv, &mut cost,
        ) {
            Launched::Task(t) => Outcome::Exec(t),
            Launched::Done(s) => Outcome::Exit(s),
            Launched::NotFound => {
                let m = format!("{}: line 333: exec: {}: not found\n", self.arg0, argv[0]);
                cx.err(&m);
                Outcome::Exit(127)
            }
            Launched::Denied => Outcome::Exit(126),
        }
    }

    fn start(&mut self, cx: &mut Cx) -> Outcome {
        let wants_server = self.argv.first().is_some_and(|a| a == "postgres")
            && !self.argv.iter().any(|a| {
                matches!(
                    a.as_str(),
                    "-?" | "--help" | "--describe-config" | "-V" | "--version"
                )
            });
        if !wants_server {
            return self.exec_args(cx);
        }
        // file_env POSTGRES_PASSWORD: the variable or the file named by POSTGRES_PASSWORD_FILE.
        let pw = cx.var("POSTGRES_PASSWORD").unwrap_or("").to_string();
        let pw_file = cx.var("POSTGRES_PASSWORD_FILE").unwrap_or("").to_string();
        if !pw.is_empty() && !pw_file.is_empty() {
            cx.err("error: both POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE are set (but are exclusive)\n");
            return Outcome::Exit(1);
        }
        let password = if !pw_file.is_empty() {
            let p = cx.abs(&pw_file);
            match cx.host.fs().read(&p) {
                Ok(b) => String::from_utf8_lossy(&b)
                    .trim_end_matches('\n')
                    .to_string(),
                Err(e) => {
                    let m = format!(
                        "{}: line 20: {pw_file}: {}\n",
                        self.arg0,
                        crate::path::fs_error_text(e)
                    );
                    cx.err(&m);
                    return Outcome::Exit(1);
                }
            }
        } else {
            pw
        };
        // docker_setup_env: exported for everything the script runs next.
        let mut env = cx.env.clone();
        let user = cx.var("POSTGRES_USER").filter(|u| !u.is_empty()).unwrap_or("postgres").to_string();
        let db = cx.var("POSTGRES_DB").filter(|d| !d.is_empty()).unwrap_or(&user).to_string();
        set(&mut env, "POSTGRES_PASSWORD", &password);
        env.vars.retain(|(n, _)| n != "POSTGRES_PASSWORD_FILE");
        set(&mut env, "POSTGRES_USER", &user);
        set(&mut env, "POSTGRES_DB", &db);
        self.env = Some(env);
        // docker_create_db_directories: mkdir -p "$PGDATA"; chmod 700 "$PGDATA".
        let dir = pgdata(cx);
        self.pgdata = dir.clone();
        let mut cur = String::new();
        for seg in dir.split('/').filter(|s| !s.is_empty()) {
            cur.push('/');
            cur.push_str(seg);
            if cx.host.fs().stat(&cur).is_err() {
                if let Err(e) = cx.host.fs().mkdir(&cur) {
                    let m = format!(
                        "mkdir: can't create directory '{dir}': {}\n",
                        crate::path::fs_error_text(e)
                    );
                    cx.err(&m);
                    return Outcome::Exit(1);
                }
            }
        }
        let _ = cx.host.fs().chmod(&dir, 0o700);
        if has_database(cx.host.fs(), &dir) {
            cx.out("\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n");
            self.phase = Phase::Exec;
            return Outcome::Sleep(100);
        }
        let trust = cx.var("POSTGRES_HOST_AUTH_METHOD") == Some("trust");
        if password.is_empty() && !trust {
            cx.err(NO_PASSWORD_ERROR);
            return Outcome::Exit(1);
        }
        let now = cx.host.now_ms();
        let log = initdb_log(cx, &dir, now);
        cx.out(&log);
        let method = cx
            .var("POSTGRES_HOST_AUTH_METHOD")
            .unwrap_or("md5")
            .to_string();
        let hba_extra = format!("\nhost all all all {method}\n");
        let fs = cx.host.fs();
        if let Err(e) = write_cluster(fs, &dir, &user, Some(&password), now)
            .and_then(|_| fs.write(&format!("{dir}/pg_hba.conf"), hba_extra.as_bytes(), true))
        {
            let m = format!(
                "initdb: could not write to \"{dir}\": {}\n",
                crate::path::fs_error_text(e)
            );
            cx.err(&m);
            return Outcome::Exit(1);
        }
        self.phase = Phase::TempServer;
        Outcome::Sleep(1500)
    }

    /// docker_temp_server_start: `pg_ctl -w start` with the user's options plus a socket-only
    /// listen, so psql in init scripts reaches it and other pods do not.
    fn temp_server(&mut self, cx: &mut Cx) -> Outcome {
        let now = cx.host.now_ms();
        let dir = self.pgdata.clone();
        let shut = read_control(cx.host.fs(), &dir)
            .map(|c| c.time)
            .unwrap_or_else(|| pg_data::log_time(now - 500));
        let mut opts: Vec<String> = self.argv.iter().skip(1).cloned().collect();
        opts.extend(["-c", "listen_addresses=", "-p", "5432"].map(String::from));
        pg_data::write_lock_files(cx.host.fs(), &dir, TEMP_PID, 5432, &opts, now, "");
        if let Some(mut c) = read_control(cx.host.fs(), &dir) {
            c.state = "in production".into();
            c.time = pg_data::log_time(now + 27);
            let _ = write_control(cx.host.fs(), &dir, &c);
        }
        let mut log = format!(
            "waiting for server to start....{}LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"\n{}LOG:  database system was shut down at {shut}\n{}LOG:  database system is ready to accept connections\n done\nserver started\n",
            log_prefix(now + 10, TEMP_PID),
            log_prefix(now + 27, 45),
            log_prefix(now + 31, TEMP_PID),
        );
        let env = self.env.clone().unwrap_or_default();
        let user = env.get("POSTGRES_USER").unwrap_or("postgres").to_string();
        let db = env.get("POSTGRES_DB").unwrap_or(&user).to_string();
        if db != "postgres" {
            log.push_str("CREATE DATABASE\n\n");
        }
        log.push('\n');
        cx.out(&log);
        let mut files: Vec<String> = cx
            .host
            .fs()
            .list("/docker-entrypoint-initdb.d")
            .unwrap_or_default();
        files.sort();
        let files: Vec<String> = if files.is_empty() {
            // The unmatched glob stays as a word, and the script says it ignores it.
            vec!["/docker-entrypoint-initdb.d/*".into()]
        } else {
            files
                .into_iter()
                .map(|f| format!("/docker-entrypoint-initdb.d/{f}"))
                .collect()
        };
        self.phase = Phase::Scripts { files, next: 0 };
        Outcome::Sleep(200)
    }

    fn scripts(&mut self, cx: &mut Cx, child: Option<i32>) -> Outcome {
        // `set -e`: a failing init script ends the entrypoint with its status.
        if let Some(s) = child {
            if s != 0 {
                return Outcome::Exit(s);
            }
            cx.out("\n");
        }
        let Phase::Scripts { files, next } = &mut self.phase else {
            return Outcome::Exit(1);
        };
        let Some(f) = files.get(*next).cloned() else {
            self.phase = Phase::Finish;
            return Outcome::Sleep(300);
        };
        *next += 1;
        // export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}" for the scripts' psql.
        let mut env = self.env.clone().unwrap_or_else(|| cx.env.clone());
        if env.get("PGPASSWORD").is_none_or(str::is_empty) {
            let pw = env.get("POSTGRES_PASSWORD").unwrap_or("").to_string();
            set(&mut env, "PGPASSWORD", &pw);
        }
        if f.ends_with(".sh") {
            let st = cx.host.fs().stat(&f);
            let exec = st.as_ref().map(|s| s.mode & 0o111 != 0).unwrap_or(false);
            let text = match cx.host.fs().read(&f) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(_) => String::new(),
            };
            let m = format!(
                "{}: {} {f}\n",
                self.arg0,
                if exec { "running" } else { "sourcing" }
            );
            cx.out(&m);
            let sh = Shell::from_script("bash", &f, &text, &[], &env, cx.cwd);
            let t = Task {
                kind: TaskKind::Shell(Box::new(sh)),
                io: cx.io.clone(),
                env,
                cwd: cx.cwd.to_string(),
                buf: String::new(),
            };
            return Outcome::Spawn(t);
        }
        if f.ends_with(".sql") {
            let m = format!("{}: running {f}\n", self.arg0);
            cx.out(&m);
            let sql = cx
                .host
                .fs()
                .read(&f)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            let tags = super::psql::command_tags(&sql);
            cx.out(&tags);
            cx.out("\n\n");
            return Outcome::Sleep(50);
        }
        let m = format!("{}: ignoring {f}\n\n", self.arg0);
        cx.out(&m);
        Outcome::Sleep(10)
    }

    /// docker_temp_server_stop: `pg_ctl -m fast -w stop`, a shutdown checkpoint.
    fn finish(&mut self, cx: &mut Cx) -> Outcome {
        let now = cx.host.now_ms();
        let dir = self.pgdata.clone();
        let fs = cx.host.fs();
        if let Some(mut c) = read_control(fs, &dir) {
            c.state = "shut down".into();
            c.checkpoint += 0x1110;
            c.redo = c.checkpoint;
            c.time = pg_data::log_time(now + 3);
            c.checkpoint_time = c.time.clone();
            let _ = write_control(fs, &dir, &c);
        }
        pg_data::remove_lock_files(fs, &dir, 5432);
        if let Some(env) = &mut self.env {
            env.vars.retain(|(n, _)| n != "PGPASSWORD");
        }
        let log = format!(
            "waiting for server to shut down...{}LOG:  received fast shutdown request\n.{}LOG:  aborting any active transactions\n{}LOG:  background worker \"logical replication launcher\" (PID 50) exited with exit code 1\n{}LOG:  shutting down\n{}LOG:  database system is shut down\n done\nserver stopped\n\nPostgreSQL init process complete; ready for start up.\n\n",
            log_prefix(now, TEMP_PID),
            log_prefix(now + 2, TEMP_PID),
            log_prefix(now + 3, TEMP_PID),
            log_prefix(now + 3, 45),
            log_prefix(now + 19, TEMP_PID),
        );
        cx.out(&log);
        self.phase = Phase::Exec;
        Outcome::Sleep(100)
    }
}

impl Program for Entrypoint {
    fn resume(&mut self, cx: &mut Cx, child: Option<i32>) -> Outcome {
        match self.phase {
            Phase::Start => self.start(cx),
            Phase::TempServer => self.temp_server(cx),
            Phase::Scripts { .. } => self.scripts(cx, child),
            Phase::Finish => self.finish(cx),
            Phase::Exec => self.exec_args(cx),
        }
    }
    fn signal(&mut self, _sig: Signal, _cx: &mut Cx) -> Option<i32> {
        // bash running the entrypoint as PID 1 has no TERM handler: ignored.
        None
    }
    fn describe(&self) -> String {
        format!("postgres docker-entrypoint.sh ({})", self.argv.join(" "))
    }
}
