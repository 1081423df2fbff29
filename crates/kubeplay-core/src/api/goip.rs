//! Go's IP address parsing and printing, as the v1.33 apiserver's IP warnings use them: the
//! "sloppy" parsers of k8s.io/utils/net (ParseIPSloppy, ParseCIDRSloppy: Go 1.16's net.ParseIP
//! and net.ParseCIDR, which read `010` as decimal ten), the strict net/netip parsers (ParseAddr,
//! ParsePrefix) and the strings net.IP, net.IPNet and netip print.

/// A parsed address and how it was written: netip keeps an IPv6 literal apart from IPv4 even when
/// it maps an IPv4 address (`::ffff:1.2.3.4`), which is what the warnings look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ip {
    V4([u8; 4]),
    V6([u8; 16]),
}

impl Ip {
    /// The 16-byte form net.IP holds (IPv4 as `::ffff:a.b.c.d`).
    fn bytes16(self) -> [u8; 16] {
        match self {
            Ip::V4(a) => {
                let mut b = [0u8; 16];
                b[10] = 0xff;
                b[11] = 0xff;
                b[12..].copy_from_slice(&a);
                b
            }
            Ip::V6(b) => b,
        }
    }

    /// The IPv4 address net.IP's tests see (an IPv4-mapped IPv6 address counts as IPv4).
    fn v4(self) -> Option<[u8; 4]> {
        match self {
            Ip::V4(a) => Some(a),
            Ip::V6(b) => mapped_v4(&b),
        }
    }

    /// net.IP.IsUnspecified, IsLoopback, IsLinkLocalUnicast and IsLinkLocalMulticast.
    pub fn is_unspecified(self) -> bool {
        self.v4().map_or(self.bytes16() == [0; 16], |a| a == [0; 4])
    }
    pub fn is_loopback(self) -> bool {
        self.v4().map_or(self.bytes16() == { let mut l = [0; 16]; l[15] = 1; l }, |a| a[0] == 127)
    }
    pub fn is_link_local_unicast(self) -> bool {
        let b = self.bytes16();
        self.v4().map_or(b[0] == 0xfe && b[1] & 0xc0 == 0x80, |a| a[0] == 169 && a[1] == 254)
    }
    pub fn is_link_local_multicast(self) -> bool {
        let b = self.bytes16();
        self.v4().map_or(b[0] == 0xff && b[1] & 0x0f == 0x02, |a| a[0] == 224 && a[1] == 0 && a[2] == 0)
    }

    /// netip's Is4In6: an IPv6 literal that maps an IPv4 address.
    pub fn is_4in6(self) -> bool {
        matches!(self, Ip::V6(b) if mapped_v4(&b).is_some())
    }
}

/// The IPv4 address a 16-byte address maps, if it does (net.IP.To4).
fn mapped_v4(b: &[u8; 16]) -> Option<[u8; 4]> {
    let prefix = b[..10].iter().all(|x| *x == 0) && b[10] == 0xff && b[11] == 0xff;
    prefix.then(|| [b[12], b[13], b[14], b[15]])
}

/// Which parser's rules to apply: Go 1.16's net package, or net/netip's stricter ones (no leading
/// zeros in an IPv4 field, at most four digits in an IPv6 group).
#[derive(Clone, Copy, PartialEq)]
enum Rules {
    Sloppy,
    Strict,
}

/// ParseIPSloppy: the first `.` or `:` decides the family, as Go 1.16's ParseIP does.
pub fn parse_sloppy(s: &str) -> Option<Ip> {
    parse(s, Rules::Sloppy)
}

/// netip.ParseAddr, for a value ParseIPSloppy accepted (zones, which only netip accepts, are never
/// asked about: the warnings return early when the sloppy parser fails).
pub fn parse_strict(s: &str) -> Option<Ip> {
    parse(s, Rules::Strict)
}

fn parse(s: &str, rules: Rules) -> Option<Ip> {
    match s.bytes().find(|b| *b == b'.' || *b == b':')? {
        b'.' => parse_v4(s, rules).map(Ip::V4),
        _ => parse_v6(s, rules).map(Ip::V6),
    }
}

/// Decimal digits at the start of `s` (Go's dtoi): the value and how many bytes it took, None
/// when there are none or the value passes 0xFFFFFF.
fn dtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        n = n * 10 + u32::from(s[i] - b'0');
        if n >= 0xFF_FFFF {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// Hexadecimal digits at the start of `s` (Go's xtoi), bounded the same way.
fn xtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() {
        let Some(d) = (s[i] as char).to_digit(16) else { break };
        n = n * 16 + d;
        if n >= 0xFF_FFFF {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

fn parse_v4(s: &str, rules: Rules) -> Option<[u8; 4]> {
    let mut s = s.as_bytes();
    let mut out = [0u8; 4];
    for (i, octet) in out.iter_mut().enumerate() {
        if i > 0 {
            s = s.strip_prefix(b".")?;
        }
        let (n, used) = dtoi(s)?;
        // netip refuses `010` (Go 1.16 read it as ten); either refuses a value past 255.
        if n > 0xFF || (rules == Rules::Strict && (used > 3 || (used > 1 && s[0] == b'0'))) {
            return None;
        }
        *octet = n as u8;
        s = &s[used..];
    }
    s.is_empty().then_some(out)
}

/// Go 1.16's parseIPv6: hex groups, one `::`, an IPv4 address in the last 32 bits.
fn parse_v6(s: &str, rules: Rules) -> Option<[u8; 16]> {
    let mut ip = [0u8; 16];
    let mut rest = s.as_bytes();
    let mut ellipsis: Option<usize> = None;
    if rest.starts_with(b"::") {
        ellipsis = Some(0);
        rest = &rest[2..];
        if rest.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0;
    while i < 16 {
        let (n, used) = xtoi(rest)?;
        if n > 0xFFFF || (rules == Rules::Strict && used > 4) {
            return None;
        }
        if rest.get(used) == Some(&b'.') {
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 {
                return None;
            }
            let v4 = parse_v4(std::str::from_utf8(rest).ok()?, rules)?;
            ip[i..i + 4].copy_from_slice(&v4);
            rest = &[];
            i += 4;
            break;
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        rest = &rest[used..];
        if rest.is_empty() {
            break;
        }
        if rest[0] != b':' || rest.len() == 1 {
            return None;
        }
        rest = &rest[1..];
        if rest[0] == b':' {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            rest = &rest[1..];
            if rest.is_empty() {
                break;
            }
        }
    }
    if !rest.is_empty() {
        return None;
    }
    if i < 16 {
        let e = ellipsis?;
        let n = 16 - i;
        ip.copy_within(e..i, e + n);
        ip[e..e + n].fill(0);
    } else if ellipsis.is_some() {
        // An ellipsis must stand for at least one group.
        return None;
    }
    Some(ip)
}

/// net.IP.String: an address that maps IPv4 prints as IPv4, anything else in RFC 5952 form.
pub fn net_ip_string(ip: Ip) -> String {
    let b = ip.bytes16();
    match mapped_v4(&b) {
        Some(v4) => v4_string(v4),
        None => v6_string(&b),
    }
}

/// netip.Addr.String: an IPv6 literal stays IPv6, `::ffff:` before a mapped IPv4 address.
pub fn netip_string(ip: Ip) -> String {
    match ip {
        Ip::V4(a) => v4_string(a),
        Ip::V6(b) => match mapped_v4(&b) {
            Some(v4) => format!("::ffff:{}", v4_string(v4)),
            None => v6_string(&b),
        },
    }
}

fn v4_string(a: [u8; 4]) -> String {
    format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
}

/// RFC 5952 as Go writes it: lowercase hex without leading zeros, and the first longest run of
/// two or more zero groups as `::`.
fn v6_string(b: &[u8; 16]) -> String {
    let groups: Vec<u16> = b.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
    let (mut best, mut best_len) = (usize::MAX, 1usize);
    let mut i = 0;
    while i < 8 {
        let run = groups[i..].iter().take_while(|g| **g == 0).count();
        if run > best_len {
            best = i;
            best_len = run;
        }
        i += run.max(1);
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if i == best {
            out.push_str("::");
            i += best_len;
            continue;
        }
        if !out.is_empty() && !out.ends_with(':') {
            out.push(':');
        }
        out.push_str(&format!("{:x}", groups[i]));
        i += 1;
    }
    out
}

/// A CIDR value as ParseCIDRSloppy reads it: the address as written, the prefix length, and the
/// address length in bits (32 for an IPv4 literal, 128 for IPv6, as net.IPNet's mask has).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cidr {
    pub ip: Ip,
    pub bits: u8,
    pub addr_bits: u8,
}

/// ParseCIDRSloppy: the address before the first `/` (IPv4 tried first, then IPv6), and a decimal
/// prefix length that may have leading zeros.
pub fn parse_cidr_sloppy(s: &str) -> Option<Cidr> {
    let (addr, mask) = s.split_once('/')?;
    let (ip, addr_bits) = match parse_v4(addr, Rules::Sloppy) {
        Some(a) => (Ip::V4(a), 32),
        None => (Ip::V6(parse_v6(addr, Rules::Sloppy)?), 128),
    };
    let (n, used) = dtoi(mask.as_bytes())?;
    if used != mask.len() || n > addr_bits {
        return None;
    }
    Some(Cidr { ip, bits: n as u8, addr_bits: addr_bits as u8 })
}

impl Cidr {
    /// The address with the bits past the prefix cleared (net.IPNet's IP), in 16-byte form.
    fn network16(&self) -> [u8; 16] {
        let mut b = self.ip.bytes16();
        // An IPv4 mask covers the last four bytes only.
        let keep = usize::from(self.bits) + if self.addr_bits == 32 { 96 } else { 0 };
        for (i, byte) in b.iter_mut().enumerate() {
            let start = i * 8;
            if start >= keep {
                *byte = 0;
            } else if start + 8 > keep {
                *byte &= 0xffu8 << (8 - (keep - start));
            }
        }
        b
    }

    /// Whether bits past the prefix are set (`!ip.Equal(ipnet.IP)`).
    pub fn has_host_bits(&self) -> bool {
        self.network16() != self.ip.bytes16()
    }

    /// net.IPNet.String: an IPv4 network (or one an IPv6 literal maps) prints as IPv4 with the
    /// mask's IPv4 part.
    pub fn net_string(&self) -> String {
        let net = self.network16();
        match mapped_v4(&net) {
            Some(v4) => {
                let bits = if self.addr_bits == 32 { self.bits } else { self.bits.saturating_sub(96) };
                format!("{}/{bits}", v4_string(v4))
            }
            None => format!("{}/{}", v6_string(&net), self.bits),
        }
    }
}

/// netip.ParsePrefix, for a value ParseCIDRSloppy accepted: a strict address and a prefix length
/// without leading zeros. Returns the address and the length.
pub fn parse_prefix_strict(s: &str) -> Option<(Ip, u8)> {
    let (addr, bits) = s.rsplit_once('/')?;
    let ip = parse_strict(addr)?;
    let b = bits.as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    let n: u32 = bits.parse().ok()?;
    let max = if matches!(ip, Ip::V4(_)) { 32 } else { 128 };
    (n <= max).then_some((ip, n as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sloppy_ipv4_reads_leading_zeros_as_decimal() {
        assert_eq!(parse_sloppy("010.001.2.3"), Some(Ip::V4([10, 1, 2, 3])));
        assert_eq!(parse_strict("010.001.2.3"), None);
        assert_eq!(parse_strict("10.0.2.3"), Some(Ip::V4([10, 0, 2, 3])));
        assert_eq!(parse_sloppy("256.1.1.1"), None);
        assert_eq!(parse_sloppy("1.2.3"), None);
        assert_eq!(parse_sloppy("1.2.3.4."), None);
        assert_eq!(parse_sloppy("example.com"), None);
    }

    #[test]
    fn ipv6_prints_as_rfc_5952() {
        let s = |v: &str| parse_sloppy(v).map(net_ip_string).unwrap_or_default();
        assert_eq!(s("2001:db8:0:0::2"), "2001:db8::2");
        assert_eq!(s("2001:DB8::1"), "2001:db8::1");
        assert_eq!(s("::"), "::");
        assert_eq!(s("::1"), "::1");
        assert_eq!(s("1:0:0:1:0:0:0:1"), "1:0:0:1::1");
        assert_eq!(s("1:0:0:1:0:0:1:1"), "1::1:0:0:1:1");
        assert_eq!(s("1:0:1:1:1:1:1:1"), "1:0:1:1:1:1:1:1");
        assert_eq!(s("::ffff:1.2.3.4"), "1.2.3.4");
        assert_eq!(parse_sloppy("::ffff:1.2.3.4").map(netip_string).unwrap_or_default(), "::ffff:1.2.3.4");
        assert_eq!(s("0000:0000:0000:0000:0000:0000:0000:0001"), "::1");
        assert_eq!(parse_strict("00001::"), None);
        assert!(parse_sloppy("00001::").is_some());
        assert_eq!(parse_sloppy("1::2::3"), None);
        assert_eq!(parse_sloppy("1:2:3:4:5:6:7:8::"), None);
        assert_eq!(parse_sloppy("fe80::1%eth0"), None);
    }

    #[test]
    fn cidrs_keep_their_host_bits_apart() {
        let c = parse_cidr_sloppy("10.0.0.1/8").unwrap();
        assert!(c.has_host_bits());
        assert_eq!(c.net_string(), "10.0.0.0/8");
        let c = parse_cidr_sloppy("010.0.0.0/008").unwrap();
        assert!(!c.has_host_bits());
        assert_eq!(c.net_string(), "10.0.0.0/8");
        assert_eq!(parse_prefix_strict("010.0.0.0/8"), None);
        assert_eq!(parse_prefix_strict("10.0.0.0/08"), None);
        assert_eq!(parse_prefix_strict("10.0.0.0/0"), Some((Ip::V4([10, 0, 0, 0]), 0)));
        let c = parse_cidr_sloppy("::ffff:1.2.3.0/120").unwrap();
        assert_eq!(c.net_string(), "1.2.3.0/24");
        let c = parse_cidr_sloppy("2001:db8:1:0::/64").unwrap();
        assert_eq!(c.net_string(), "2001:db8:1::/64");
        assert_eq!(parse_cidr_sloppy("10.0.0.0/33"), None);
        assert_eq!(parse_cidr_sloppy("10.0.0.0"), None);
    }
}
