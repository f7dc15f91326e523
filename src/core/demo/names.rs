//! The word lists the demo data is drawn from: names, places, companies, products.
//! All names and numbers are fictional (phone numbers use the ranges set aside for drama,
//! e.g. `555-01xx` in North America and `7946 0xxx` in London).

/// A first name: (as written, ASCII for e-mail addresses, gender `F`/`M`).
pub(super) type FirstName = (&'static str, &'static str, &'static str);

/// Western first names, with their e-mail form and gender.
pub(super) const WESTERN_FIRST: &[FirstName] = &[
    ("Emma", "emma", "F"),
    ("Olivia", "olivia", "F"),
    ("Ava", "ava", "F"),
    ("Sophia", "sophia", "F"),
    ("Isabella", "isabella", "F"),
    ("Mia", "mia", "F"),
    ("Charlotte", "charlotte", "F"),
    ("Amelia", "amelia", "F"),
    ("Chloé", "chloe", "F"),
    ("Zoë", "zoe", "F"),
    ("Renée", "renee", "F"),
    ("María", "maria", "F"),
    ("Lucía", "lucia", "F"),
    ("Hannah", "hannah", "F"),
    ("Léa", "lea", "F"),
    ("Grace", "grace", "F"),
    ("Emily", "emily", "F"),
    ("Nora", "nora", "F"),
    ("Claire", "claire", "F"),
    ("Ana", "ana", "F"),
    ("Liam", "liam", "M"),
    ("Noah", "noah", "M"),
    ("Oliver", "oliver", "M"),
    ("James", "james", "M"),
    ("William", "william", "M"),
    ("Benjamin", "benjamin", "M"),
    ("Lucas", "lucas", "M"),
    ("Henry", "henry", "M"),
    ("Alexander", "alexander", "M"),
    ("José", "jose", "M"),
    ("Mateo", "mateo", "M"),
    ("Jonas", "jonas", "M"),
    ("Felix", "felix", "M"),
    ("Léo", "leo", "M"),
    ("Hugo", "hugo", "M"),
    ("Thomas", "thomas", "M"),
    ("Daniel", "daniel", "M"),
    ("Samuel", "samuel", "M"),
    ("Björn", "bjorn", "M"),
    ("Oscar", "oscar", "M"),
];

/// Western last names: (as written, ASCII).
pub(super) const WESTERN_LAST: &[(&str, &str)] = &[
    ("Smith", "smith"),
    ("Johnson", "johnson"),
    ("Williams", "williams"),
    ("Brown", "brown"),
    ("Jones", "jones"),
    ("Garcia", "garcia"),
    ("Miller", "miller"),
    ("Davis", "davis"),
    ("Rodríguez", "rodriguez"),
    ("Martínez", "martinez"),
    ("Wilson", "wilson"),
    ("Anderson", "anderson"),
    ("Taylor", "taylor"),
    ("Moore", "moore"),
    ("Martin", "martin"),
    ("White", "white"),
    ("Harris", "harris"),
    ("Clark", "clark"),
    ("Walker", "walker"),
    ("Müller", "mueller"),
    ("Schmidt", "schmidt"),
    ("Schneider", "schneider"),
    ("Fischer", "fischer"),
    ("Weber", "weber"),
    ("Dubois", "dubois"),
    ("Lefèvre", "lefevre"),
    ("Moreau", "moreau"),
    ("O'Brien", "obrien"),
    ("Murphy", "murphy"),
    ("Kelly", "kelly"),
    ("Nguyen", "nguyen"),
    ("Silva", "silva"),
    ("Souza", "souza"),
    ("Costa", "costa"),
    ("Rossi", "rossi"),
    ("Bianchi", "bianchi"),
];

/// Chinese surnames: (characters, pinyin).
pub(super) const CHINESE_LAST: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("高", "gao"),
    ("罗", "luo"),
];

/// Chinese given names: (characters, pinyin, gender).
pub(super) const CHINESE_FIRST: &[FirstName] = &[
    ("芳", "fang", "F"),
    ("娜", "na", "F"),
    ("敏", "min", "F"),
    ("静", "jing", "F"),
    ("丽", "li", "F"),
    ("艳", "yan", "F"),
    ("娟", "juan", "F"),
    ("婷", "ting", "F"),
    ("秀英", "xiuying", "F"),
    ("欣怡", "xinyi", "F"),
    ("雨萱", "yuxuan", "F"),
    ("慧", "hui", "F"),
    ("伟", "wei", "M"),
    ("强", "qiang", "M"),
    ("磊", "lei", "M"),
    ("洋", "yang", "M"),
    ("勇", "yong", "M"),
    ("军", "jun", "M"),
    ("杰", "jie", "M"),
    ("涛", "tao", "M"),
    ("明", "ming", "M"),
    ("浩", "hao", "M"),
    ("子豪", "zihao", "M"),
    ("俊杰", "junjie", "M"),
];

/// How phone numbers are written in a country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PhoneStyle {
    /// North America: `+1 212 555 0147` or `(212) 555-0147`.
    Nanp,
    /// United Kingdom: `+44 20 7946 0123` or `020 7946 0123`.
    Uk,
    /// Germany: `+49 30 12345678` or `030 12345678`.
    De,
    /// France: `+33 1 23 45 67 89` or `01 23 45 67 89`.
    Fr,
    /// Australia (mobiles): `+61 412 345 678` or `0412 345 678`.
    Au,
    /// Brazil (mobiles): `+55 11 91234 5678` or `(11) 91234-5678`.
    Br,
    /// China: mobile `+86 138 1234 5678` or landline `021-12345678`.
    Cn,
    /// Singapore: `+65 6123 4567` or `6123 4567`.
    Sg,
}

/// A place: (city, region, country, phone style, area code without the trunk `0`).
pub(super) type Place = (
    &'static str,
    &'static str,
    &'static str,
    PhoneStyle,
    &'static str,
);

/// Where western-named customers live, with weights.
pub(super) const WESTERN_PLACES: &[(Place, f64)] = &[
    (
        ("New York", "NY", "United States", PhoneStyle::Nanp, "212"),
        9.0,
    ),
    (
        ("Chicago", "IL", "United States", PhoneStyle::Nanp, "312"),
        6.0,
    ),
    (
        ("Austin", "TX", "United States", PhoneStyle::Nanp, "512"),
        4.0,
    ),
    (
        (
            "San Francisco",
            "CA",
            "United States",
            PhoneStyle::Nanp,
            "415",
        ),
        6.0,
    ),
    (
        ("Seattle", "WA", "United States", PhoneStyle::Nanp, "206"),
        4.0,
    ),
    (
        ("Boston", "MA", "United States", PhoneStyle::Nanp, "617"),
        4.0,
    ),
    (("Toronto", "ON", "Canada", PhoneStyle::Nanp, "416"), 4.0),
    (("Montréal", "QC", "Canada", PhoneStyle::Nanp, "514"), 3.0),
    (
        ("London", "England", "United Kingdom", PhoneStyle::Uk, "20"),
        8.0,
    ),
    (
        (
            "Manchester",
            "England",
            "United Kingdom",
            PhoneStyle::Uk,
            "161",
        ),
        3.0,
    ),
    (
        (
            "Edinburgh",
            "Scotland",
            "United Kingdom",
            PhoneStyle::Uk,
            "131",
        ),
        2.0,
    ),
    (("Berlin", "Berlin", "Germany", PhoneStyle::De, "30"), 5.0),
    (("München", "Bayern", "Germany", PhoneStyle::De, "89"), 4.0),
    (("Hamburg", "Hamburg", "Germany", PhoneStyle::De, "40"), 3.0),
    (
        ("Paris", "Île-de-France", "France", PhoneStyle::Fr, "1"),
        6.0,
    ),
    (
        (
            "Lyon",
            "Auvergne-Rhône-Alpes",
            "France",
            PhoneStyle::Fr,
            "4",
        ),
        3.0,
    ),
    (("Sydney", "NSW", "Australia", PhoneStyle::Au, "4"), 4.0),
    (("Melbourne", "VIC", "Australia", PhoneStyle::Au, "4"), 3.0),
    (("São Paulo", "SP", "Brazil", PhoneStyle::Br, "11"), 4.0),
    (
        ("Rio de Janeiro", "RJ", "Brazil", PhoneStyle::Br, "21"),
        2.0,
    ),
];

/// Where Chinese-named customers live, with weights.
pub(super) const CHINESE_PLACES: &[(Place, f64)] = &[
    (("上海", "上海", "China", PhoneStyle::Cn, "21"), 10.0),
    (("北京", "北京", "China", PhoneStyle::Cn, "10"), 9.0),
    (("深圳", "广东", "China", PhoneStyle::Cn, "755"), 7.0),
    (("广州", "广东", "China", PhoneStyle::Cn, "20"), 6.0),
    (("杭州", "浙江", "China", PhoneStyle::Cn, "571"), 5.0),
    (("成都", "四川", "China", PhoneStyle::Cn, "28"), 4.0),
    (("南京", "江苏", "China", PhoneStyle::Cn, "25"), 3.0),
    (
        ("Singapore", "Singapore", "Singapore", PhoneStyle::Sg, "6"),
        5.0,
    ),
    (("Vancouver", "BC", "Canada", PhoneStyle::Nanp, "604"), 3.0),
    (
        (
            "San Francisco",
            "CA",
            "United States",
            PhoneStyle::Nanp,
            "415",
        ),
        3.0,
    ),
    (("Sydney", "NSW", "Australia", PhoneStyle::Au, "4"), 2.0),
];

/// E-mail domains (reserved or fictional).
pub(super) const EMAIL_DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "mail.example",
    "example.cn",
    "example.co.uk",
];

/// First words of company names.
pub(super) const COMPANY_WORDS: &[&str] = &[
    "Northwind",
    "Blue Harbor",
    "Summit",
    "Evergreen",
    "Redwood",
    "Silverline",
    "Apex",
    "Brightwater",
    "Granite",
    "Lakeside",
    "Maple",
    "Orion",
    "Pioneer",
    "Riverstone",
    "Sterling",
    "Horizon",
    "Cedar",
    "Atlas",
    "Beacon",
    "Kestrel",
];

/// Second words of company names.
pub(super) const COMPANY_TRADES: &[&str] = &[
    "Traders",
    "Logistics",
    "Consulting",
    "Labs",
    "Retail",
    "Foods",
    "Health",
    "Systems",
    "Studio",
    "Partners",
    "Manufacturing",
    "Media",
];

/// Chinese company name parts: trade names and trades.
pub(super) const CHINESE_COMPANY_WORDS: &[&str] = &[
    "华信", "东方", "恒通", "鼎盛", "瑞丰", "金桥", "新锐", "天成",
];
/// Chinese trades, the second half of a company name (科技: technology, 贸易: trade…).
pub(super) const CHINESE_TRADES: &[&str] = &["科技", "贸易", "物流", "咨询", "餐饮", "医疗"];

/// The sales reps who own accounts and deals.
pub(super) const OWNERS: &[&str] = &[
    "Alice Johnson",
    "陈伟",
    "Maria Garcia",
    "James O'Connor",
    "Sophie Martin",
    "李娜",
];

/// A product: (name, category, list price in cents).
pub(super) type Product = (&'static str, &'static str, i64);

/// The price list.
pub(super) const PRODUCTS: &[Product] = &[
    ("Wireless Mouse", "Electronics", 2_490),
    ("Mechanical Keyboard", "Electronics", 8_900),
    ("27\" 4K Monitor", "Electronics", 32_900),
    ("USB-C Dock", "Electronics", 14_900),
    ("Noise-Cancelling Headphones", "Electronics", 19_900),
    ("HD Webcam", "Electronics", 6_990),
    ("Paper, A4 (500 sheets)", "Office Supplies", 549),
    ("Ballpoint Pens (12)", "Office Supplies", 799),
    ("Stapler", "Office Supplies", 1_250),
    ("Sticky Notes (24 pads)", "Office Supplies", 1_490),
    ("Toner Cartridge", "Office Supplies", 7_900),
    ("Ergonomic Chair", "Furniture", 38_900),
    ("Standing Desk", "Furniture", 59_900),
    ("Bookshelf", "Furniture", 14_900),
    ("Desk Lamp", "Furniture", 3_990),
    ("Analytics Suite (annual)", "Software", 120_000),
    ("Antivirus (1 seat)", "Software", 3_900),
    ("Office Suite (1 seat)", "Software", 9_900),
    ("Cloud Storage 1 TB (annual)", "Software", 11_900),
    ("Onboarding Workshop", "Services", 150_000),
    ("Support Plan (monthly)", "Services", 25_000),
    ("Installation", "Services", 18_000),
    ("Espresso Machine", "Home & Kitchen", 24_900),
    ("Electric Kettle", "Home & Kitchen", 3_990),
    ("Water Filter Jug", "Home & Kitchen", 2_490),
    ("Coffee Beans 1 kg", "Home & Kitchen", 2_250),
];

/// Acquisition channels with weights.
pub(super) const ACQUISITION: &[(&str, f64)] = &[
    ("Organic Search", 26.0),
    ("Paid Search", 18.0),
    ("Social", 14.0),
    ("Email", 8.0),
    ("Referral", 14.0),
    ("Partner", 8.0),
    ("Direct", 12.0),
];

/// Deal titles by what is sold.
pub(super) const DEAL_TITLES: &[&str] = &[
    "Analytics Suite rollout",
    "Office furniture refresh",
    "Annual support renewal",
    "Hardware upgrade",
    "Onboarding package",
    "Pilot project",
    "Software licences",
    "Workplace equipment",
];

/// Lost reasons with weights.
pub(super) const LOST_REASONS: &[(&str, f64)] = &[
    ("Price too high", 30.0),
    ("Chose a competitor", 25.0),
    ("No budget", 15.0),
    ("No decision", 15.0),
    ("Bad timing", 10.0),
    ("Missing feature", 5.0),
];
