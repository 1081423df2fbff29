//! The four kiamol ch08 replicated-postgres scripts (sixeyed/kiamol
//! ch08/todo-list/db/replicated/todo-db-scripts.yaml, verbatim) run end to end on the fake host,
//! plus the postgres entrypoint's refusal and the π app.

use crate::fake::FakeHost;
use crate::{Process, Signal, Step};

const WAIT_SERVICE: &str = "#!/bin/sh
if [ \"$HOSTNAME\" == \"$POSTGRES_PRIMARY_NAME\" ]; then
  echo '** Postgres primary **'
else
  echo '** Postgres standby - waiting on DNS for primary **'
  until nslookup ${POSTGRES_PRIMARY_FQDN}; do echo Waiting for ${POSTGRES_PRIMARY_FQDN}; sleep 1; done
fi";

const INITIALIZE_REPLICATION: &str = "#!/bin/bash
if [ \"$HOSTNAME\" == \"$POSTGRES_PRIMARY_NAME\" ]; then
  echo '** Postgres primary - creating replication user script **'
  cp /scripts/create-replica-user.sh /docker-entrypoint-initdb.d/create-replica-user.sh
  ls -l /docker-entrypoint-initdb.d
else
  echo '** Postgres standby - waiting on primary **'
  until pg_isready -h \"$POSTGRES_PRIMARY_FQDN\"; do echo Waiting for db to be ready; sleep 1; done        
fi";

const CREATE_REPLICA_USER: &str = "#!/bin/bash
set -e
psql -v ON_ERROR_STOP=1 --username \"$POSTGRES_USER\" --dbname \"$POSTGRES_DB\" <<-EOSQL
  CREATE ROLE replication WITH REPLICATION PASSWORD '$PGPASSWORD' LOGIN
EOSQL";

const STARTUP: &str = "#!/bin/sh
if [ \"$HOSTNAME\" == \"$POSTGRES_PRIMARY_NAME\" ]; then
  echo '** Postgres primary **'      
  /docker-entrypoint.sh postgres -c config_file=/conf/primary.conf -c hba_file=/conf/pg_hba.conf
else
  echo '** Postgres standby - initializing replication**'
  if [ -z \"$(ls -A ${PGDATA})\" ]; then
    pg_basebackup -R -h \"$POSTGRES_PRIMARY_FQDN\" -D \"$PGDATA\" -P -U replication
    chown -R postgres:postgres $PGDATA
  fi
  /docker-entrypoint.sh postgres -c config_file=/conf/standby.conf
fi";

/// todo-db-config's pg_hba.conf (sixeyed/kiamol ch08), verbatim.
const PG_HBA: &str = "# \"local\" is for Unix domain socket connections only
local   all             all                                     trust
# IPv4 local connections:
host    all             all             127.0.0.1/32            trust
# IPv6 local connections:
host    all             all             ::1/128                 trust
# Allow replication connections from localhost, by a user with the
# replication privilege.
local   replication     all                                     trust
host    replication     all             127.0.0.1/32            trust
host    replication     all             ::1/128                 trust
host    replication     replication     all                     md5
host all all all md5";

const PRIMARY_FQDN: &str = "todo-db-0.todo-db.default.svc.cluster.local";

fn env(hostname: &str) -> Vec<(String, String)> {
    vec![
        (
            "PATH".into(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
        ),
        ("HOSTNAME".into(), hostname.into()),
        ("POSTGRES_PRIMARY_NAME".into(), "todo-db-0".into()),
        ("POSTGRES_PRIMARY_FQDN".into(), PRIMARY_FQDN.into()),
        (
            "POSTGRES_SECONDARY_FQDN".into(),
            "todo-db-1.todo-db.default.svc.cluster.local".into(),
        ),
        ("PGPASSWORD".into(), "kiamol-2*2*".into()),
        ("PGDATA".into(), "/var/lib/postgresql/data".into()),
    ]
}

fn mount_scripts(h: &mut FakeHost) {
    h.fs.add_file("/scripts/wait-service.sh", WAIT_SERVICE, 0o555);
    h.fs.add_file(
        "/scripts/initialize-replication.sh",
        INITIALIZE_REPLICATION,
        0o555,
    );
    h.fs.add_file(
        "/scripts/create-replica-user.sh",
        CREATE_REPLICA_USER,
        0o555,
    );
    h.fs.add_file("/scripts/startup.sh", STARTUP, 0o555);
    h.fs.add_dir("/docker-entrypoint-initdb.d");
    h.fs.add_file("/conf/primary.conf", "wal_level = replica\n", 0o444);
    h.fs.add_file("/conf/standby.conf", "hot_standby = on\n", 0o444);
    h.fs.add_file("/conf/pg_hba.conf", PG_HBA, 0o444);
    h.fs.add_file("/secrets/postgres_password", "kiamol-2*2*", 0o400);
    // The image's directories (docker-library/postgres 11/alpine/Dockerfile).
    h.fs.add_dir("/var/lib/postgresql/data");
    h.fs.add_dir("/var/run/postgresql");
}

#[test]
fn wait_service_primary_exits_at_once() {
    let mut h = FakeHost::new();
    mount_scripts(&mut h);
    let mut p = Process::spawn(
        vec!["/scripts/wait-service.sh".into()],
        env("todo-db-0"),
        "/",
    );
    assert_eq!(h.run(&mut p), Step::Exit(0));
    assert_eq!(h.out, "** Postgres primary **\n");
}

#[test]
fn wait_service_standby_loops_until_dns_answers() {
    let mut h = FakeHost::new();
    mount_scripts(&mut h);
    // The primary's name resolves from the 4th lookup on (its pod is not ready before).
    h.dns.insert(PRIMARY_FQDN.into(), (3, "10.244.1.3".into()));
    let mut p = Process::spawn(
        vec!["/scripts/wait-service.sh".into()],
        env("todo-db-1"),
        "/",
    );
    let mut sleeps = 0;
    let last = loop {
        match p.resume(&mut h) {
            Step::Sleep(ms) => {
                assert_eq!(ms, 1000);
                sleeps += 1;
                h.advance(ms);
            }
            other => break other,
        }
    };
    assert_eq!(last, Step::Exit(0));
    assert_eq!(sleeps, 3);
    let fail = format!("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find {PRIMARY_FQDN}: NXDOMAIN\n\n** server can't find {PRIMARY_FQDN}: NXDOMAIN\n\nWaiting for {PRIMARY_FQDN}\n");
    let ok = format!("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\t{PRIMARY_FQDN}\nAddress: 10.244.1.3\n\n\n");
    assert_eq!(
        h.out,
        format!(
            "** Postgres standby - waiting on DNS for primary **\n{}{ok}",
            fail.repeat(3)
        )
    );
}

#[test]
fn initialize_replication_primary_copies_the_user_script() {
    let mut h = FakeHost::postgres_image();
    mount_scripts(&mut h);
    let mut p = Process::spawn(
        vec!["/scripts/initialize-replication.sh".into()],
        env("todo-db-0"),
        "/",
    );
    assert_eq!(h.run(&mut p), Step::Exit(0));
    let size = CREATE_REPLICA_USER.len();
    assert_eq!(
        h.out,
        format!("** Postgres primary - creating replication user script **\ntotal 4\n-r-xr-xr-x    1 root     root     {size:>9} Jan  1 00:00 create-replica-user.sh\n")
    );
    assert_eq!(
        h.fs.text("/docker-entrypoint-initdb.d/create-replica-user.sh")
            .as_deref(),
        Some(CREATE_REPLICA_USER)
    );
}

#[test]
fn initialize_replication_standby_waits_for_pg_isready() {
    let mut h = FakeHost::postgres_image();
    mount_scripts(&mut h);
    h.dns.insert(PRIMARY_FQDN.into(), (0, "10.244.1.3".into()));
    let mut p = Process::spawn(
        vec!["/scripts/initialize-replication.sh".into()],
        env("todo-db-1"),
        "/",
    );
    assert_eq!(p.resume(&mut h), Step::Sleep(1000));
    assert_eq!(p.resume(&mut h), Step::Sleep(1000));
    h.listeners.insert(PRIMARY_FQDN.into(), "postgres".into());
    assert_eq!(p.resume(&mut h), Step::Exit(0));
    let no = format!("{PRIMARY_FQDN}:5432 - no response\nWaiting for db to be ready\n");
    assert_eq!(h.out, format!("** Postgres standby - waiting on primary **\n{}{PRIMARY_FQDN}:5432 - accepting connections\n", no.repeat(2)));
}

/// todo-db-0 after startup.sh: initialised (with the replication role) and serving.
fn primary() -> (FakeHost, Process) {
    let mut h = FakeHost::postgres_image();
    h.hostname = "todo-db-0".into();
    mount_scripts(&mut h);
    h.fs.add_file(
        "/docker-entrypoint-initdb.d/create-replica-user.sh",
        CREATE_REPLICA_USER,
        0o555,
    );
    let mut e = env("todo-db-0");
    e.push((
        "POSTGRES_PASSWORD_FILE".into(),
        "/secrets/postgres_password".into(),
    ));
    let mut p = Process::spawn(vec!["/scripts/startup.sh".into()], e, "/");
    assert_eq!(h.run(&mut p), Step::Block, "{}", h.log);
    (h, p)
}

/// todo-db-1's host, with todo-db-0's files behind the primary's DNS name.
fn standby_of(primary: FakeHost) -> FakeHost {
    let mut h = FakeHost::postgres_image();
    h.hostname = "todo-db-1".into();
    h.now = primary.now;
    h.fs.now = primary.now;
    mount_scripts(&mut h);
    h.fs.add_file("/etc/hosts", "127.0.0.1\tlocalhost\n10.244.0.8\ttodo-db-1\n", 0o644);
    h.dns.insert(PRIMARY_FQDN.into(), (0, "10.244.0.7".into()));
    h.listeners.insert(PRIMARY_FQDN.into(), "postgres".into());
    h.peers.insert(PRIMARY_FQDN.into(), primary.fs);
    h
}

fn standby_env() -> Vec<(String, String)> {
    let mut e = env("todo-db-1");
    e.push((
        "POSTGRES_PASSWORD_FILE".into(),
        "/secrets/postgres_password".into(),
    ));
    e
}

#[test]
fn startup_primary_initialises_runs_init_scripts_and_serves() {
    let (mut h, mut p) = primary();
    assert_eq!(h.listening, vec![5432]);
    assert_eq!(
        h.fs.text("/var/lib/postgresql/data/PG_VERSION").as_deref(),
        Some("11\n")
    );
    let out = &h.out;
    assert!(out.starts_with("** Postgres primary **\nThe files belonging to this database system will be owned by user \"postgres\".\n"), "{out}");
    assert!(out.contains("/docker-entrypoint.sh: running /docker-entrypoint-initdb.d/create-replica-user.sh\nCREATE ROLE\n\n"), "{out}");
    assert!(
        out.contains("PostgreSQL init process complete; ready for start up.\n"),
        "{out}"
    );
    // The role the init script created is in the cluster's catalog, with its password.
    let roles = crate::programs::pg_data::read_roles(&h.fs, "/var/lib/postgresql/data");
    let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["postgres", "replication"]);
    assert_eq!(roles[1].password.as_deref(), Some("kiamol-2*2*"));
    assert!(roles[1].replication && !roles[1].superuser);
    // The real server starts from the temporary server's clean shutdown.
    assert!(
        h.err.contains("UTC [20] LOG:  database system was shut down at 2025-01-01 00:00:0"),
        "{}",
        h.err
    );
    assert!(
        h.err
            .contains("UTC [1] LOG:  database system is ready to accept connections\n"),
        "{}",
        h.err
    );
    assert!(h.fs.text("/var/run/postgresql/.s.PGSQL.5432.lock").is_some());
    assert_eq!(p.describe(), "shell script /scripts/startup.sh (sh)");
    // startup.sh does not `exec`: sh is PID 1 and ignores SIGTERM; the kubelet's SIGKILL ends it.
    assert_eq!(p.signal(Signal::Term, &mut h), None);
    assert_eq!(p.signal(Signal::Kill, &mut h), Some(137));
}

#[test]
fn startup_standby_takes_a_base_backup_then_streams() {
    let (primary, _p) = primary();
    let mut h = standby_of(primary);
    let mut p = Process::spawn(vec!["/scripts/startup.sh".into()], standby_env(), "/");
    // Streaming, it looks at its primary every second.
    assert_eq!(h.run_for(&mut p, 60_000), Step::Sleep(1000), "{}", h.log);
    let rc =
        h.fs.text("/var/lib/postgresql/data/recovery.conf")
            .unwrap_or_default();
    assert_eq!(rc, format!("standby_mode = 'on'\nprimary_conninfo = 'user=replication password=kiamol-2*2* host={PRIMARY_FQDN} port=5432 sslmode=prefer sslcompression=0 target_session_attrs=any'\n"));
    // The primary's files were copied (its roles with them), its lock files were not.
    let data = "/var/lib/postgresql/data";
    assert_eq!(crate::programs::pg_data::read_roles(&h.fs, data).len(), 2);
    assert!(h.fs.text(&format!("{data}/base/1/PG_VERSION")).is_some());
    assert!(h.fs.text(&format!("{data}/backup_label.old")).is_some());
    assert!(h.fs.text(&format!("{data}/pg_wal/000000010000000000000002")).is_some());
    assert!(
        h.out.contains(
            "PostgreSQL Database directory appears to contain a database; Skipping initialization"
        ),
        "{}",
        h.out
    );
    assert!(
        h.err.contains("waiting for checkpoint\n    0/24652 kB (0%), 0/1 tablespace\n24661/24661 kB (100%), 0/1 tablespace\n24661/24661 kB (100%), 1/1 tablespace\n"),
        "{}",
        h.err
    );
    let server_log: Vec<&str> = h
        .err
        .lines()
        .filter(|l| l.contains("LOG:"))
        .map(|l| l.split("LOG:  ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        server_log[3..],
        [
            "database system was interrupted; last known up at 2025-01-01 00:00:04 UTC",
            "entering standby mode",
            "redo starts at 0/2000028",
            "consistent recovery state reached at 0/20000F8",
            "database system is ready to accept read only connections",
            "started streaming WAL from primary at 0/3000000 on timeline 1",
        ],
        "{}",
        h.err
    );
    // pg_is_in_recovery on the standby, over its local socket.
    let before = h.out.len();
    assert_eq!(
        h.run_sh("psql -U postgres -c 'select pg_is_in_recovery()'"),
        Step::Exit(0)
    );
    assert_eq!(
        &h.out[before..],
        " pg_is_in_recovery \n-------------------\n t\n(1 row)\n\n"
    );
    // A second start (the data on a PVC) finds the data directory populated and skips the backup.
    assert_eq!(p.signal(Signal::Kill, &mut h), Some(137));
    let before = h.err.len();
    let mut p2 = Process::spawn(vec!["/scripts/startup.sh".into()], standby_env(), "/");
    assert_eq!(h.run_for(&mut p2, 60_000), Step::Sleep(1000));
    let again = h.err[before..].to_string();
    assert!(!again.contains("tablespace"), "{again}");
    assert!(
        again.contains("LOG:  database system was interrupted while in recovery at log time "),
        "{again}"
    );
    assert!(
        again.contains("LOG:  started streaming WAL from primary at 0/3000000 on timeline 1\n"),
        "{again}"
    );
    // The primary goes away: the WAL receiver ends and is retried every 5 s, then streams again.
    let listeners = std::mem::take(&mut h.listeners);
    let before = h.err.len();
    assert_eq!(h.run_for(&mut p2, 11_000), Step::Sleep(5000));
    let gone = h.err[before..].to_string();
    assert!(gone.contains("UTC [24] FATAL:  could not receive data from WAL stream: server closed the connection unexpectedly\n\t\tThis probably means the server terminated abnormally\n\t\tbefore or while processing the request.\n"), "{gone}");
    assert_eq!(gone.matches("FATAL:  could not connect to the primary server: could not connect to server: Connection refused\n\t\tIs the server running on host").count(), 2, "{gone}");
    h.listeners = listeners;
    let before = h.err.len();
    assert_eq!(h.run_for(&mut p2, 6_000), Step::Sleep(1000));
    assert!(h.err[before..].contains("UTC [27] LOG:  started streaming WAL from primary at 0/3000000 on timeline 1\n"), "{}", &h.err[before..]);
}

#[test]
fn pg_basebackup_failures_use_the_real_messages() {
    let (mut primary, _p) = primary();
    // A primary whose init script never ran: no replication role.
    let mut no_role = primary.fs.nodes.clone();
    let roles_path = "/var/lib/postgresql/data/global/1260".to_string();
    let only_su = crate::programs::pg_data::read_roles(&primary.fs, "/var/lib/postgresql/data")
        .into_iter()
        .filter(|r| r.name == "postgres")
        .collect::<Vec<_>>();
    crate::programs::pg_data::write_roles(&mut primary.fs, "/var/lib/postgresql/data", &only_su)
        .unwrap();
    std::mem::swap(&mut no_role, &mut primary.fs.nodes);
    let mut h = standby_of(primary);
    let cmd = "pg_basebackup -R -h \"$POSTGRES_PRIMARY_FQDN\" -D \"$PGDATA\" -P -U replication";
    let run = |h: &mut FakeHost, script: &str| {
        let mut p = Process::spawn(
            vec!["sh".into(), "-c".into(), script.into()],
            standby_env(),
            "/",
        );
        let before = h.err.len();
        let st = h.run(&mut p);
        (st, h.err[before..].to_string())
    };
    // The role exists but the password is wrong.
    let (st, err) = run(&mut h, &format!("PGPASSWORD=nope {cmd}"));
    assert_eq!(st, Step::Exit(1));
    assert_eq!(err, "pg_basebackup: could not connect to server: FATAL:  password authentication failed for user \"replication\"\n");
    // The role does not exist: md5 says the same, not to reveal which roles exist.
    let with_role = std::mem::replace(&mut h.peers.get_mut(PRIMARY_FQDN).unwrap().nodes, no_role);
    let (_, err) = run(&mut h, cmd);
    assert_eq!(err, "pg_basebackup: could not connect to server: FATAL:  password authentication failed for user \"replication\"\n");
    assert!(!roles_path.is_empty());
    h.peers.get_mut(PRIMARY_FQDN).unwrap().nodes = with_role;
    // The target directory is not empty.
    h.fs.add_file("/var/lib/postgresql/data/stray", "x", 0o644);
    let (st, err) = run(&mut h, cmd);
    assert_eq!(st, Step::Exit(1));
    assert_eq!(err, "pg_basebackup: directory \"/var/lib/postgresql/data\" exists but is not empty\n");
    // Nothing listens on the primary.
    h.listeners.clear();
    let (_, err) = run(&mut h, cmd);
    assert_eq!(err, format!("pg_basebackup: could not connect to server: could not connect to server: Connection refused\n\tIs the server running on host \"{PRIMARY_FQDN}\" (10.244.0.7) and accepting\n\tTCP/IP connections on port 5432?\n"));
}

#[test]
fn psql_needs_a_server_and_a_role() {
    let (mut h, _p) = primary();
    let before = h.err.len();
    assert_eq!(h.run_sh("psql -c 'select 1'"), Step::Exit(2));
    assert_eq!(&h.err[before..], "psql: FATAL:  role \"root\" does not exist\n");
    let before = h.out.len();
    assert_eq!(
        h.run_sh("psql -U postgres -c 'select pg_is_in_recovery()'"),
        Step::Exit(0)
    );
    assert_eq!(
        &h.out[before..],
        " pg_is_in_recovery \n-------------------\n f\n(1 row)\n\n"
    );
    let before = h.err.len();
    assert_eq!(
        h.run_sh("echo 'CREATE ROLE replication LOGIN;' | psql -v ON_ERROR_STOP=1 -U postgres"),
        Step::Exit(3)
    );
    assert_eq!(
        &h.err[before..],
        "psql:<stdin>:1: ERROR:  role \"replication\" already exists\n"
    );
    // No server: the socket is missing.
    let mut bare = FakeHost::postgres_image();
    bare.fs.add_dir("/var/run/postgresql");
    assert_eq!(bare.run_sh("psql -U postgres -c 'select 1'"), Step::Exit(2));
    assert_eq!(bare.err, "psql: could not connect to server: No such file or directory\n\tIs the server running locally and accepting\n\tconnections on Unix domain socket \"/var/run/postgresql/.s.PGSQL.5432\"?\n");
}

#[test]
fn postgres_refuses_without_a_password() {
    let mut h = FakeHost::postgres_image();
    let mut p = Process::spawn(
        vec!["docker-entrypoint.sh".into(), "postgres".into()],
        vec![],
        "/",
    );
    assert_eq!(h.run(&mut p), Step::Exit(1));
    assert_eq!(h.err, crate::programs::postgres::NO_PASSWORD_ERROR);
}

#[test]
fn postgres_as_pid1_handles_sigterm() {
    let mut h = FakeHost::postgres_image();
    let mut p = Process::spawn(
        vec!["docker-entrypoint.sh".into(), "postgres".into()],
        vec![("POSTGRES_PASSWORD".into(), "x".into())],
        "/",
    );
    assert_eq!(h.run(&mut p), Step::Block);
    assert_eq!(p.describe(), "postgres server");
    assert!(
        h.out.contains(
            "/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*\n"
        ),
        "{}",
        h.out
    );
    assert_eq!(p.signal(Signal::Term, &mut h), Some(0));
    assert!(h.err.contains("LOG:  received smart shutdown request\n"));
}

#[test]
fn pi_console_sleeps_then_prints() {
    let mut h = FakeHost::new();
    h.programs.push("dotnet".into());
    let mut p = Process::spawn(
        vec![
            "dotnet".into(),
            "Pi.Web.dll".into(),
            "-m".into(),
            "console".into(),
            "-dp".into(),
            "50".into(),
        ],
        vec![],
        "/app",
    );
    assert_eq!(p.resume(&mut h), Step::Sleep(100));
    assert_eq!(h.out, "");
    assert_eq!(p.resume(&mut h), Step::Exit(0));
    assert_eq!(
        h.out,
        "3.14159265358979323846264338327950288419716939937510\n"
    );
    let mut web = Process::spawn(vec!["dotnet".into(), "Pi.Web.dll".into()], vec![], "/app");
    assert_eq!(web.resume(&mut h), Step::Block);
    assert_eq!(h.listening, vec![80]);
}

#[test]
fn sh_c_exit_status() {
    let mut h = FakeHost::new();
    assert_eq!(h.run_sh("exit 2"), Step::Exit(2));
}
