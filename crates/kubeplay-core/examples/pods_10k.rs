//! Wall time of 10,000 pod lifecycles (the pods issue's throughput target):
//! `cargo run -p kubeplay-core --profile bench-native --example pods_10k` (add `-- N` for another count).
//! Measured 2026-11-26 on the shared 2-core machine, otherwise idle: 10,000 in 1.24-1.35 s
//! (124-135 µs per pod; 4.1 s before session 6, 1.55-1.59 s before session 7); far from the pods
//! issue's "fraction of a second".
//! Batches of 500 bare pods (`busybox`, `sh -c true`, restartPolicy Never) are applied, run to
//! Completed, and deleted; each lifecycle is admission, scheduling, the kubelet's pull/create/start,
//! the exit, the status writes and events, and the graceful delete.

use kubeplay_core::Simulation;

/// The CLI's allocator, so the figure is what `kubeplay run` would take.
#[global_allocator]
static GLOBAL: kubeplay_alloc::MiMalloc = kubeplay_alloc::MiMalloc;

fn batch(from: usize, n: usize) -> String {
    let mut s = String::from("kubectl apply -f - <<EOF\n");
    for i in from..from + n {
        s.push_str(&format!("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  labels:\n    bench: \"yes\"\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"true\"]\n"));
    }
    s.push_str("EOF\n");
    s
}

fn main() {
    let total: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mut sim = Simulation::new(1, 1_735_689_600_000);
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < total {
        let n = (total - done).min(500);
        let t = sim.run_script(&batch(done, n));
        assert_eq!(t.status, 0, "{}", t.text());
        sim.advance(60_000);
        let t = sim.run_script("kubectl delete pods -l bench=yes --wait=false\n");
        assert_eq!(t.status, 0, "{}", t.text());
        sim.advance(60_000);
        done += n;
    }
    let wall = start.elapsed().as_secs_f64();
    let left = sim.run_script("kubectl get pods -A --no-headers\n");
    println!("{total} pod lifecycles: {wall:.2} s wall, {:.1} µs per pod; pods left: {}", wall * 1e6 / total as f64, left.text().lines().filter(|l| l.contains(" p")).count());
}
