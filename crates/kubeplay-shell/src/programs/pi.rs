//! kiamol/ch05-pi (`dotnet Pi.Web.dll`): `-m console -dp N` really computes π to N decimal
//! places with Machin's formula (π = 16·atan(1/5) − 4·atan(1/239), as the app's MachinFormula)
//! on fixed-point big numbers in base 10⁹, and prints it as the app's Console.WriteLine(pi) does:
//! `3.` and the digits. Without `-m console` it is the web app on port 80.
//!
//! Simulated cost: `100 + N²/20000` ms (0.1 s for small N, about 54 s for 32767 digits — the
//! quadratic shape of the series; the app takes tens of seconds for tens of thousands of
//! digits). The process sleeps that long BEFORE printing, so the log line's time is the end.

use super::Started;
use crate::task::{Cx, Outcome, Program};
use crate::{Protocol, Signal};

/// Most decimal places the app accepts here (the chapter uses up to tens of thousands).
pub const MAX_DP: usize = 32_767;
const BASE: u64 = 1_000_000_000;
const GUARD_LIMBS: usize = 2;

/// Simulated milliseconds to compute `dp` places.
pub fn cost_ms(dp: usize) -> u64 {
    100 + (dp as u64 * dp as u64) / 20_000
}

/// Fixed-point number: limbs[0] is the integer part, then base-10⁹ fraction limbs.
struct Fixed {
    limbs: Vec<u64>,
}

impl Fixed {
    fn zero(n: usize) -> Fixed {
        Fixed { limbs: vec![0; n] }
    }
    /// self /= d, starting at limb `from` (limbs before it are known to be zero).
    fn div_small(&mut self, d: u64, from: usize) {
        let mut rem: u64 = 0;
        for l in &mut self.limbs[from..] {
            let cur = rem * BASE + *l;
            *l = cur / d;
            rem = cur % d;
        }
    }
    fn first_nonzero(&self, from: usize) -> usize {
        let mut i = from;
        while i < self.limbs.len() && self.limbs[i] == 0 {
            i += 1;
        }
        i
    }
    fn sub(&mut self, o: &Fixed, from: usize) {
        let mut borrow = 0u64;
        for i in (from..self.limbs.len()).rev() {
            let sub = o.limbs[i] + borrow;
            if self.limbs[i] >= sub {
                self.limbs[i] -= sub;
                borrow = 0;
            } else {
                self.limbs[i] = self.limbs[i] + BASE - sub;
                borrow = 1;
            }
        }
        let mut i = from;
        while borrow > 0 && i > 0 {
            i -= 1;
            if self.limbs[i] >= 1 {
                self.limbs[i] -= 1;
                borrow = 0;
            } else {
                self.limbs[i] = BASE - 1;
            }
        }
    }
    fn mul_small(&mut self, m: u64) {
        let mut carry = 0;
        for l in self.limbs.iter_mut().rev() {
            let v = *l * m + carry;
            *l = v % BASE;
            carry = v / BASE;
        }
    }
}

/// atan(1/X) · scale, by the alternating series Σ (−1)^k / ((2k+1)·X^(2k+1)), with X² a
/// constant so the compiler turns that division into a multiplication. One pass per term: the
/// power is divided by X² while the term is divided by 2k+1 and added to the sum, whose limbs
/// are signed and unnormalised until the end (so no carries run against the division's order).
fn atan_inv<const X: u64, const X2: u64>(n: usize) -> Fixed {
    let mut sum = vec![0i64; n];
    let mut power = Fixed::zero(n);
    power.limbs[0] = 1;
    power.div_small(X, 0);
    let mut k: u64 = 0;
    let mut from = 0;
    loop {
        from = power.first_nonzero(from);
        if from >= n {
            break;
        }
        let d = 2 * k + 1;
        let neg = k % 2 == 1;
        let (mut rp, mut rt) = (0u64, 0u64);
        for (p, s) in power.limbs[from..].iter_mut().zip(sum[from..].iter_mut()) {
            let cur_t = rt * BASE + *p;
            let t = (cur_t / d) as i64;
            rt = cur_t % d;
            let cur_p = rp * BASE + *p;
            *p = cur_p / X2;
            rp = cur_p % X2;
            if neg {
                *s -= t;
            } else {
                *s += t;
            }
        }
        k += 1;
    }
    // Normalise: carry/borrow from the last limb up.
    let mut out = Fixed::zero(n);
    let mut carry: i64 = 0;
    for i in (1..n).rev() {
        let v = sum[i] + carry;
        let r = v.rem_euclid(BASE as i64);
        carry = (v - r) / BASE as i64;
        out.limbs[i] = r as u64;
    }
    // The integer part (0 for these arctangents) takes the last carry; never negative here.
    out.limbs[0] = (sum[0] + carry).max(0) as u64;
    out
}

/// π to `dp` decimal places (truncated), as `3.1415…`.
pub fn pi_digits(dp: usize) -> String {
    let dp = dp.min(MAX_DP);
    let n = 1 + dp.div_ceil(9) + GUARD_LIMBS;
    let mut a = atan_inv::<5, 25>(n);
    a.mul_small(16);
    let mut b = atan_inv::<239, 57_121>(n);
    b.mul_small(4);
    a.sub(&b, 0);
    let mut s = a.limbs[0].to_string();
    if dp == 0 {
        return s;
    }
    s.push('.');
    let mut frac = String::with_capacity(dp + 18);
    for l in &a.limbs[1..] {
        frac.push_str(&format!("{l:09}"));
    }
    s.push_str(&frac[..dp]);
    s
}

enum Mode {
    Console { dp: usize, computed: bool },
    Web { listening: bool },
}

pub struct PiApp {
    mode: Mode,
}

/// `dotnet Pi.Web.dll [-m console|web] [-dp N]`.
pub fn start(cx: &mut Cx, argv: &[String]) -> Started {
    if !argv
        .get(1)
        .is_some_and(|a| a.eq_ignore_ascii_case("Pi.Web.dll"))
    {
        let what = argv.get(1).cloned().unwrap_or_default();
        let m = format!("Could not execute because the specified command or file was not found.\nPossible reasons for this include:\n  * You misspelled a built-in dotnet command.\n  * You intended to execute a .NET program, but {what} does not exist.\n");
        cx.err(&m);
        return Started::Done(1);
    }
    let mut mode = "web".to_string();
    let mut dp: usize = 6;
    let mut i = 2;
    while i < argv.len() {
        match argv[i].as_str() {
            "-m" | "-mode" => {
                mode = argv
                    .get(i + 1)
                    .cloned()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                i += 1;
            }
            "-dp" | "-decimalplaces" => {
                match argv.get(i + 1).and_then(|v| v.parse::<usize>().ok()) {
                    Some(v) if v <= MAX_DP => dp = v,
                    _ => {
                        let m = format!("Unhandled exception. System.FormatException: -dp must be a whole number up to {MAX_DP}\n");
                        cx.err(&m);
                        return Started::Done(134);
                    }
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    if mode == "console" {
        Started::Run(Box::new(PiApp {
            mode: Mode::Console {
                dp,
                computed: false,
            },
        }))
    } else {
        Started::Run(Box::new(PiApp {
            mode: Mode::Web { listening: false },
        }))
    }
}

impl Program for PiApp {
    fn resume(&mut self, cx: &mut Cx, _child: Option<i32>) -> Outcome {
        match &mut self.mode {
            Mode::Console { dp, computed } => {
                if !*computed {
                    *computed = true;
                    return Outcome::Sleep(cost_ms(*dp));
                }
                let s = pi_digits(*dp);
                cx.out(&format!("{s}\n"));
                Outcome::Exit(0)
            }
            Mode::Web { listening } => {
                if !*listening {
                    *listening = true;
                    cx.out("info: Microsoft.Hosting.Lifetime[14]\n      Now listening on: http://[::]:80\ninfo: Microsoft.Hosting.Lifetime[0]\n      Application started. Press Ctrl+C to shut down.\ninfo: Microsoft.Hosting.Lifetime[0]\n      Hosting environment: Production\ninfo: Microsoft.Hosting.Lifetime[0]\n      Content root path: /app\n");
                    cx.host.listen(80, Protocol::Tcp);
                }
                Outcome::Block
            }
        }
    }
    fn signal(&mut self, _sig: Signal, cx: &mut Cx) -> Option<i32> {
        match self.mode {
            Mode::Web { .. } => {
                cx.out(
                    "info: Microsoft.Hosting.Lifetime[0]\n      Application is shutting down...\n",
                );
                Some(0)
            }
            // .NET's console app has a SIGTERM handler: it ends the process (143 after the
            // handler returns without cancelling).
            Mode::Console { .. } => Some(143),
        }
    }
    fn describe(&self) -> String {
        match self.mode {
            Mode::Console { dp, .. } => format!("kiamol pi app, console mode ({dp} dp)"),
            Mode::Web { .. } => "kiamol pi web app".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digits() {
        assert_eq!(pi_digits(0), "3");
        assert_eq!(pi_digits(6), "3.141592");
        assert_eq!(
            pi_digits(50),
            "3.14159265358979323846264338327950288419716939937510"
        );
        // The Feynman point (six 9s from decimal 762) and the well-known last digits of 1000.
        let d = pi_digits(1000);
        assert_eq!(&d[2 + 761..2 + 768], "9999998");
        assert!(d.ends_with("2164201989"));
    }

    #[test]
    fn cost_formula() {
        assert_eq!(cost_ms(6), 100);
        assert_eq!(cost_ms(32_767), 100 + 32_767 * 32_767 / 20_000);
    }
}
