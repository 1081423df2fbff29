//! The one seeded PRNG of a simulation (SplitMix64: integer-only, identical on every platform).

/// The apiserver's alphabet for generated names (no vowels, no look-alike digits).
const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

#[derive(Debug, Clone)]
pub struct Prng {
    state: u64,
}

impl Prng {
    pub fn new(seed: u64) -> Self {
        Prng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (n > 0), without modulo bias worth caring about for n < 2^32.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() >> 32) * n) >> 32
    }

    /// Five characters from the apiserver's alphabet, as `generateName` appends them.
    pub fn name_suffix(&mut self) -> String {
        (0..5).map(|_| NAME_ALPHABET[self.below(NAME_ALPHABET.len() as u64) as usize] as char).collect()
    }

    /// A version-4 UUID string, as the apiserver assigns `metadata.uid`.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        // Version 4 in the 13th hex digit, variant 10xx in the 17th (RFC 4122), as before.
        let a = (a & !(0xF << 12)) | (0x4 << 12);
        let b = (b & !(0xF << 60)) | ((0x8 | ((b >> 60) & 0x3)) << 60);
        // `{:08x}-{:04x}-{:04x}-{:04x}-{:012x}`, digit by digit: every create draws a uid.
        let mut s = String::with_capacity(36);
        for (value, digits) in [(a >> 32, 8), ((a >> 16) & 0xFFFF, 4), (a & 0xFFFF, 4), (b >> 48, 4), (b & 0xFFFF_FFFF_FFFF, 12)] {
            if !s.is_empty() {
                s.push('-');
            }
            for i in (0..digits).rev() {
                s.push(char::from(b"0123456789abcdef"[((value >> (4 * i)) & 0xF) as usize]));
            }
        }
        s
    }
}

/// FNV-1a, the one hash the simulation derives stable values from (node picks, image IDs, seeds
/// of derived streams, correlator keys): deterministic on every platform, unlike std's hashers.
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    pub fn write(&mut self, bytes: impl IntoIterator<Item = u8>) -> &mut Self {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    pub fn value(&self) -> u64 {
        self.0
    }

    /// The hash of `parts`, each followed by a 0xff separator (so ("ab", "c") ≠ ("a", "bc")).
    pub fn of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
        let mut h = Fnv1a::default();
        for p in parts {
            h.write(p.iter().copied().chain([0xff]));
        }
        h.value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_different_seed_differs() {
        let (mut a, mut b, mut c) = (Prng::new(1), Prng::new(1), Prng::new(2));
        let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], c.next_u64());
    }

    #[test]
    fn names_and_uids_have_the_apiserver_shape() {
        let mut r = Prng::new(7);
        let s = r.name_suffix();
        assert_eq!(s.len(), 5);
        assert!(s.bytes().all(|c| NAME_ALPHABET.contains(&c)));
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }

    #[test]
    fn uuids_are_what_format_made_of_the_same_draws() {
        let mut r = Prng::new(11);
        let mut twin = Prng::new(11);
        for _ in 0..100 {
            let (a, b) = (twin.next_u64(), twin.next_u64());
            let a = (a & !(0xF << 12)) | (0x4 << 12);
            let b = (b & !(0xF << 60)) | ((0x8 | ((b >> 60) & 0x3)) << 60);
            let expected = format!("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFFF, b >> 48, b & 0xFFFF_FFFF_FFFF);
            assert_eq!(r.uuid(), expected);
        }
    }
}
