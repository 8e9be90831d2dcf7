//! `cargo xtask gen-registry [--check]`: the synthetic civil registry the
//! API ships (`crates/api/data/registry.csv`).
//!
//! Families of one to five people share a KK number; every NIK starts with
//! the family's region code, holds the date of birth (40 added to the day
//! for women) and a serial unique for that region and date. Names are
//! upper case, as printed on the e-KTP. Everyone is born 1960-2007, so all
//! are adults of a plausible age for years to come.
//!
//! The generator is a fixed-seed splitmix64, so the same file comes out
//! every time; `--check` regenerates it in memory and fails if the
//! committed file differs.

use std::collections::HashMap;

use crate::{Result, root};

const PATH: &str = "crates/api/data/registry.csv";
const RESIDENTS: usize = 3000;
const SEED: u64 = 0x0A4B_0E5D_2026_0005;
pub const HEADER: &str = "nik,kk,name,sex,date_of_birth,region_code";

/// Province and regency/city codes (Permendagri), each with districts
/// 01 up to the number given.
const REGENCIES: &[(u8, u8, u8)] = &[
    (11, 71, 9),  // Banda Aceh
    (12, 71, 12), // Medan
    (12, 12, 10), // Deli Serdang
    (13, 71, 11), // Padang
    (14, 71, 12), // Pekanbaru
    (16, 71, 12), // Palembang
    (18, 71, 12), // Bandar Lampung
    (31, 71, 8),  // Jakarta Pusat
    (31, 72, 6),  // Jakarta Utara
    (31, 73, 8),  // Jakarta Barat
    (31, 74, 10), // Jakarta Selatan
    (31, 75, 10), // Jakarta Timur
    (32, 1, 12),  // Kabupaten Bogor
    (32, 4, 12),  // Kabupaten Bandung
    (32, 73, 12), // Kota Bandung
    (32, 75, 12), // Kota Bekasi
    (33, 74, 12), // Semarang
    (33, 72, 5),  // Surakarta
    (34, 71, 12), // Yogyakarta
    (35, 78, 12), // Surabaya
    (35, 7, 12),  // Kabupaten Malang
    (36, 71, 12), // Tangerang
    (51, 71, 4),  // Denpasar
    (52, 71, 6),  // Mataram
    (53, 71, 6),  // Kupang
    (61, 71, 6),  // Pontianak
    (64, 72, 10), // Samarinda
    (71, 71, 11), // Manado
    (73, 71, 12), // Makassar
    (81, 71, 5),  // Ambon
    (91, 71, 5),  // Jayapura
];

const MALE: &[&str] = &[
    "ADI", "AGUS", "AHMAD", "ANDI", "ARIF", "BAMBANG", "BAYU", "BUDI", "DANI", "DEDI", "DIMAS",
    "EKO", "FAJAR", "GILANG", "HADI", "HENDRA", "ILHAM", "IRFAN", "IWAN", "JOKO", "MUHAMMAD",
    "RAHMAT", "RIZKY", "RUDI", "SLAMET", "SURYA", "TAUFIK", "WAHYU", "YOGA", "YUSUF",
];
const FEMALE: &[&str] = &[
    "AISYAH", "ANISA", "AYU", "DESI", "DEWI", "DIAN", "EKA", "FITRI", "INDAH", "INTAN", "LINDA",
    "MAYA", "MEGA", "NABILA", "NOVI", "NUR", "PUTRI", "RATNA", "RINA", "RINI", "SARI", "SITI",
    "SRI", "TUTI", "WULAN", "YULIA",
];
const MALE_SECOND: &[&str] = &[
    "FIRMANSYAH",
    "GUNAWAN",
    "HERMAWAN",
    "HIDAYAT",
    "KURNIAWAN",
    "NUGROHO",
    "PRATAMA",
    "RAMADHAN",
    "SANTOSO",
    "SAPUTRA",
    "SETIAWAN",
    "SUSANTO",
    "SYAHPUTRA",
    "WIBOWO",
];
const FEMALE_SECOND: &[&str] = &[
    "ANGGRAINI",
    "HANDAYANI",
    "KARTIKA",
    "LESTARI",
    "NOVITASARI",
    "PERMATASARI",
    "PURNAMASARI",
    "PUSPITA",
    "RAHAYU",
    "RAHMAWATI",
    "SAFITRI",
    "WULANDARI",
];
/// Family names some households carry (Batak marga, Minahasa fam).
const FAMILY: &[&str] = &[
    "HARAHAP",
    "HUTAPEA",
    "LUBIS",
    "LUMENTUT",
    "NASUTION",
    "PANJAITAN",
    "RUNTU",
    "SIMANJUNTAK",
    "SIREGAR",
    "SITUMORANG",
    "SUMAMPOUW",
    "TAMPUBOLON",
];

/// splitmix64: tiny, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next() % u64::from(high - low + 1)) as u32
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.range(1, 100) <= percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Sex {
    Male,
    Female,
}

struct Person {
    sex: Sex,
    year: u32,
    month: u32,
    day: u32,
    name: String,
}

fn birth(rng: &mut Rng, from: u32, to: u32) -> (u32, u32, u32) {
    let year = rng.range(from, to);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    (year, month, day)
}

fn name(rng: &mut Rng, sex: Sex, family: Option<&str>) -> String {
    let (given, second) = match sex {
        Sex::Male => (MALE, MALE_SECOND),
        Sex::Female => (FEMALE, FEMALE_SECOND),
    };
    let first = rng.pick(given);
    match family {
        Some(family) if rng.chance(60) => format!("{first} {} {family}", rng.pick(second)),
        Some(family) => format!("{first} {family}"),
        None => match rng.range(1, 10) {
            1..=2 => first.to_owned(),
            3..=8 => format!("{first} {}", rng.pick(second)),
            _ => format!("{first} {} {}", rng.pick(given), rng.pick(second)),
        },
    }
}

/// The whole file, deterministically.
pub fn generate() -> String {
    let mut rng = Rng(SEED);
    let mut out = String::with_capacity(RESIDENTS * 70);
    out.push_str(HEADER);
    out.push('\n');
    let mut nik_serials: HashMap<String, u32> = HashMap::new();
    let mut kk_serials: HashMap<String, u32> = HashMap::new();
    let mut written = 0;
    while written < RESIDENTS {
        let (province, regency, districts) = REGENCIES[rng.next() as usize % REGENCIES.len()];
        let region = format!(
            "{province:02}{regency:02}{:02}",
            rng.range(1, u32::from(districts))
        );
        // The card's number: region, the day it was issued, a serial.
        let (y, m, d) = birth(&mut rng, 2005, 2024);
        let issued = format!("{region}{d:02}{m:02}{:02}", y % 100);
        let serial = kk_serials.entry(issued.clone()).or_insert(0);
        *serial += 1;
        let kk = format!("{issued}{serial:04}");

        let family = rng.chance(20).then(|| rng.pick(FAMILY));
        let head_sex = if rng.chance(85) {
            Sex::Male
        } else {
            Sex::Female
        };
        let (y, m, d) = birth(&mut rng, 1960, 1985);
        let mut members = vec![Person {
            sex: head_sex,
            year: y,
            month: m,
            day: d,
            name: name(&mut rng, head_sex, family),
        }];
        if rng.chance(70) {
            let sex = if head_sex == Sex::Male {
                Sex::Female
            } else {
                Sex::Male
            };
            let (y, m, d) = birth(&mut rng, (y - 5).max(1960), (y + 5).min(1987));
            members.push(Person {
                sex,
                year: y,
                month: m,
                day: d,
                name: name(&mut rng, sex, family),
            });
        }
        // Grown-up children still on their parents' card.
        let youngest_parent = members.iter().map(|p| p.year).max().unwrap_or(1985);
        for _ in 0..rng.range(0, 3) {
            let from = (youngest_parent + 20).min(2007);
            let sex = if rng.chance(50) {
                Sex::Male
            } else {
                Sex::Female
            };
            let (y, m, d) = birth(&mut rng, from, 2007);
            members.push(Person {
                sex,
                year: y,
                month: m,
                day: d,
                name: name(&mut rng, sex, family),
            });
        }

        for p in members {
            if written == RESIDENTS {
                break;
            }
            let nik_day = match p.sex {
                Sex::Male => p.day,
                Sex::Female => p.day + 40,
            };
            let prefix = format!("{region}{nik_day:02}{:02}{:02}", p.month, p.year % 100);
            let serial = nik_serials.entry(prefix.clone()).or_insert(0);
            *serial += 1;
            let sex = match p.sex {
                Sex::Male => "male",
                Sex::Female => "female",
            };
            out.push_str(&format!(
                "{prefix}{serial:04},{kk},{},{sex},{:02}/{:02}/{},{region}\n",
                p.name, p.day, p.month, p.year
            ));
            written += 1;
        }
    }
    out
}

/// Writes the file, or with `check` fails when the committed one differs.
pub fn run(args: &[String]) -> Result {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask gen-registry [--check]".into()),
    };
    let path = root().join(PATH);
    let fresh = generate();
    if check {
        let committed = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        if committed != fresh {
            return Err(format!(
                "{PATH} differs from what `cargo xtask gen-registry` makes; run it and commit the file"
            ));
        }
        eprintln!("{PATH} is up to date ({RESIDENTS} residents)");
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(&path, fresh).map_err(|e| format!("writing {}: {e}", path.display()))?;
    eprintln!("wrote {PATH} ({RESIDENTS} residents)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_the_same_every_time_and_has_every_resident() {
        let a = generate();
        assert_eq!(a, generate());
        assert_eq!(a.lines().count(), RESIDENTS + 1);
        assert_eq!(a.lines().next(), Some(HEADER));
    }

    #[test]
    fn niks_are_unique_and_some_families_share_a_card() {
        let text = generate();
        let mut niks = std::collections::HashSet::new();
        let mut cards: HashMap<&str, usize> = HashMap::new();
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 6, "{line}");
            assert!(niks.insert(fields[0]), "{line}");
            *cards.entry(fields[1]).or_default() += 1;
            assert_eq!(&fields[0][..6], fields[5]);
            assert_eq!(fields[2], fields[2].to_uppercase());
        }
        assert!(cards.values().filter(|n| **n > 1).count() > 300);
    }
}
