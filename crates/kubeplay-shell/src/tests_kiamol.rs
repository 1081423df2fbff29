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
    h.fs.add_file(
        "/conf/pg_hba.conf",
        "host replication all 0.0.0.0/0 md5\n",
        0o444,
    );
    h.fs.add_file("/secrets/postgres_password", "kiamol-2*2*", 0o400);
    h.fs.add_dir("/var/lib/postgresql/data");
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

#[test]
fn startup_primary_initialises_runs_init_scripts_and_serves() {
    let mut h = FakeHost::postgres_image();
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
    assert_eq!(h.run(&mut p), Step::Block);
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
    assert!(
        h.err
            .contains("UTC [1] LOG:  database system is ready to accept connections\n"),
        "{}",
        h.err
    );
    assert_eq!(p.describe(), "shell script /scripts/startup.sh (sh)");
    // startup.sh does not `exec`: sh is PID 1 and ignores SIGTERM; the kubelet's SIGKILL ends it.
    assert_eq!(p.signal(Signal::Term, &mut h), None);
    assert_eq!(p.signal(Signal::Kill, &mut h), Some(137));
}

#[test]
fn startup_standby_takes_a_base_backup_then_streams() {
    let mut h = FakeHost::postgres_image();
    mount_scripts(&mut h);
    h.dns.insert(PRIMARY_FQDN.into(), (0, "10.244.1.3".into()));
    h.listeners.insert(PRIMARY_FQDN.into(), "postgres".into());
    let mut e = env("todo-db-1");
    e.push((
        "POSTGRES_PASSWORD_FILE".into(),
        "/secrets/postgres_password".into(),
    ));
    let mut p = Process::spawn(vec!["/scripts/startup.sh".into()], e, "/");
    assert_eq!(h.run(&mut p), Step::Block);
    let rc =
        h.fs.text("/var/lib/postgresql/data/recovery.conf")
            .unwrap_or_default();
    assert!(rc.starts_with("standby_mode = 'on'\nprimary_conninfo = 'user=replication password=kiamol-2*2* host=todo-db-0"), "{rc}");
    assert!(
        h.out.contains(
            "PostgreSQL Database directory appears to contain a database; Skipping initialization"
        ),
        "{}",
        h.out
    );
    assert!(h.err.contains("24661/24661 kB (100%), 1/1 tablespace\n"));
    assert!(
        h.err
            .contains("LOG:  database system is ready to accept read only connections\n"),
        "{}",
        h.err
    );
    // A second start finds the data directory populated and skips the backup.
    let before = h.err.matches("tablespace").count();
    let mut p2 = Process::spawn(vec!["/scripts/startup.sh".into()], env("todo-db-1"), "/");
    assert_eq!(h.run(&mut p2), Step::Block);
    assert_eq!(h.err.matches("tablespace").count(), before);
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
