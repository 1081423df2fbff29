//! Native timing of the π computation behind `dotnet Pi.Web.dll -m console -dp N` (the only
//! heavy computation in the crate): `cargo run -p kubeplay-shell --release --example pi_bench`.

fn main() {
    for dp in [1_000, 10_000, 32_767] {
        let t = std::time::Instant::now();
        let s = kubeplay_shell::pi_digits(dp);
        println!(
            "pi to {dp:>6} dp: {:>8.1} ms  (last digits {})",
            t.elapsed().as_secs_f64() * 1000.0,
            &s[s.len() - 10..]
        );
    }
}
