//! Wall time of a virtual year of a `*/2 * * * *` CronJob (262,800 runs):
//! `cargo run -p kubeplay-core --profile bench-native --example cronjob_year` (add `-- DAYS` for a shorter span).
//! Each run is the whole chain: the CronJob creates a Job, the Job a pod, the scheduler binds it,
//! the kubelet runs busybox to completion, the Job completes, history cleanup deletes the oldest Job
//! and the garbage collector its pod (about 30 writes and their Events per run).
//! `bench-native` is opt-level 3 without LTO (`release` is tuned for the wasm bundle's size);
//! allocations go through kubeplay-alloc (mimalloc), as in the CLI.
//! Measured on the shared 2-core machine, otherwise idle, 2026-11-26 (session 11): the full year in
//! 20.1–20.7 s, 77–79 µs and about 880 heap allocations per run (one virtual day: ~269 M
//! instructions under callgrind, plus ~26 M once for the kube-system boot; session 9 measured
//! 18.0 s and ~259 M before the boot, the node controllers and the Events' container references). Session 6 went from 147 s to 38.9 s (mimalloc, cron searches that jump in
//! fixed-offset zones, status writes that carry only the status, one binding write, a watch table,
//! a nested store, a cheaper correlator). Session 7 (566 M -> 363 M instructions a day): status
//! writes change the stored object in place, container layers and kubelet-written volumes built
//! only when first read, controllers and validation that borrow instead of copying, per-kind store
//! shelves, a cheaper event queue. Session 8 (363 M -> 305 M): a deletion that waits and the Job
//! controller's finalizer removal change the stored object in place (`Change::Terminating`,
//! `Write::RemoveFinalizer`), Events recorded from the shared stored object and kept out of the
//! uid index, a finished pod deleted at once (as the apiserver does), no status rebuild after
//! another writer's plain update, image texts worked out once. Session 9 (306 M -> 259 M): one name
//! search per Event and expiry by weak reference, the kubelet skipping the syncs its own status
//! write echoes, environments shared and built only when read, the pod status and repeated
//! Events edited where they are stored. Still not a few seconds: what is
//! left is spread over about 20 writes and 8 Events per run (an Event ~10 K instructions, the
//! kubelet's ~160 K per pod start). A fat-LTO, one-codegen-unit build measured 11% fewer
//! instructions in session 7, not adopted: it built in 8.7 min against 6.9 min on this machine.

use kubeplay_core::Simulation;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Counts heap allocations, the main cost of a run (every write clones k8s-openapi objects), and
/// makes them with mimalloc, the CLI's allocator, so the figure is what `kubeplay run` would take.
struct Counting;
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { kubeplay_alloc::MiMalloc.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { kubeplay_alloc::MiMalloc.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { kubeplay_alloc::MiMalloc.realloc(p, l, n) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;

const CRONJOB: &str = "kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: \"*/2 * * * *\"
  concurrencyPolicy: Replace
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
EOF
";

fn main() {
    let days: i64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(365);
    let mut sim = Simulation::new(1, 1_735_689_600_000);
    let t = sim.run_script(CRONJOB);
    assert_eq!(t.status, 0, "{}", t.text());
    let allocs_before = ALLOCATIONS.load(Relaxed);
    let start = std::time::Instant::now();
    let mut last = start;
    for d in 1..=days {
        sim.advance(86_400_000);
        if d % 30 == 0 || d == days {
            let now = std::time::Instant::now();
            println!("day {d:>3}: {:>7.2} s total, {:>6.3} s since the last line", (now - start).as_secs_f64(), (now - last).as_secs_f64());
            last = now;
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let allocs = ALLOCATIONS.load(Relaxed) - allocs_before;
    let out = sim.run_script("kubectl get cronjob tick\nkubectl get jobs -o name\n");
    print!("{}", out.text());
    let runs = days * 720;
    println!("{days} virtual days, {runs} runs, {} trace lines: {wall:.2} s wall, {:.1} µs and {} allocations per run", sim.trace().len(), wall * 1e6 / runs as f64, allocs / runs as u64);
}
