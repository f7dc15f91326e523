//! The language catalogues: negotiation, and that every choice the UI lists has a text in
//! every language (the struct makes a missing field a compile error; these catch the
//! `match` arms and `fn` fields that could still answer "" or stay English).

use rapport::core::edit::ProfileField;
use rapport::core::import::{IssueKind, MergePolicy, Severity};
use rapport::core::metrics::{RfmSegment, RFM_SEGMENTS};
use rapport::core::model::Kind;
use rapport::customer_list::Column;
use rapport::filters::Range;
use rapport::i18n::Locale::{self, En, Zh};
use rapport::routes::Page;
use rapport::storage::prefs::Theme;
use rapport::storage::StorageError;

#[test]
fn the_browser_language_picks_the_locale() {
    for (tags, expected) in [
        (&["zh-CN"][..], Zh),
        (&["zh"], Zh),
        (&["zh_Hans_CN"], Zh),
        (&["ZH-cn"], Zh),
        (&["en-US"], En),
        (&["fr-FR", "zh-CN", "en"], Zh),
        (&["fr-FR", "en-GB", "zh"], En),
        (&["de"], En),
        (&[], En),
        (&[""], En),
    ] {
        assert_eq!(
            Locale::negotiate(tags.iter().copied()),
            expected,
            "{tags:?}"
        );
    }
    assert_eq!(Zh.html_lang(), "zh-CN");
    assert_eq!(En.html_lang(), "en");
}

pub(crate) fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Each (label, English, Chinese): both non-empty, the Chinese one actually Chinese.
pub(crate) fn check(cases: impl IntoIterator<Item = (String, String, String)>) {
    let mut n = 0;
    for (what, en, zh) in cases {
        assert!(!en.trim().is_empty(), "English text missing for {what}");
        assert!(has_cjk(&zh), "no Chinese text for {what}: {zh:?}");
        n += 1;
    }
    assert!(n > 0);
}

pub(crate) fn both<T: Copy + std::fmt::Debug>(
    items: impl IntoIterator<Item = T>,
    f: impl Fn(&'static rapport::i18n::Texts, T) -> String,
) -> Vec<(String, String, String)> {
    items
        .into_iter()
        .map(|x| (format!("{x:?}"), f(En.texts(), x), f(Zh.texts(), x)))
        .collect()
}

#[test]
fn every_listed_choice_is_translated() {
    check(both(Page::ALL, |t, p| (t.shell.page)(p).to_string()));
    check(both(Range::ALL, |t, r| (t.filters.range)(r).to_string()));
    check(both(Kind::ALL, |t, k| (t.data.kind_name)(k).to_string()));
    check(both(
        [
            MergePolicy::CreateAndUpdate,
            MergePolicy::CreateOnly,
            MergePolicy::UpdateOnly,
        ],
        |t, p| (t.data.policy)(p).to_string(),
    ));
    check(both([Severity::Warning, Severity::Error], |t, s| {
        (t.data.severity)(s).to_string()
    }));
    check(both(
        [
            IssueKind::BadDate,
            IssueKind::Missing,
            IssueKind::Preamble,
            IssueKind::Column,
        ],
        |t, k| (t.data.issue_kind)(k).to_string(),
    ));
    check(both(Theme::ALL, |t, th| {
        (t.settings.theme_name)(th).to_string()
    }));
    // ID, ABC and RFM are the same in both; the others are words.
    check(both(
        Column::ALL
            .into_iter()
            .filter(|c| !matches!(c, Column::Id | Column::Abc)),
        |t, c| (t.customers.column)(c).to_string(),
    ));
    check(both(RFM_SEGMENTS, |t, s| t.words.rfm_segment(s)));
    // Every segment name of the data is one of the enum's, in the same order.
    let names: Vec<Option<RfmSegment>> = RFM_SEGMENTS.iter().map(|s| RfmSegment::of(s)).collect();
    assert_eq!(names, RfmSegment::ALL.map(Some));
    check(both(ProfileField::ALL, |t, f| {
        (t.words.field)(f).to_string()
    }));
}

#[test]
fn texts_with_values_keep_the_values() {
    let (en, zh) = (En.texts(), Zh.texts());
    assert_eq!((en.customers.count)("1,234"), "1,234 customers");
    assert_eq!((zh.customers.count)("1,234"), "1,234 位客户");
    assert_eq!(
        (en.data.confirm)("12,345", "3"),
        "Import 12,345 record(s), leave out 3 row(s)"
    );
    assert_eq!(
        (zh.data.confirm)("12,345", "3"),
        "导入 12,345 条记录，略过 3 行"
    );
    assert_eq!(
        (zh.rows.count)("7", rapport::core::model::Kind::Deals),
        "7 个商机"
    );
    assert_eq!(
        (zh.rows.title)(&rapport::core::metrics::Figure::Stage("Proposal".into())),
        "漏斗阶段：Proposal"
    );
    // An unknown segment name (from newer data) is shown as it is.
    assert_eq!(zh.words.rfm_segment("Whales"), "Whales");
    // Storage errors: English is the storage module's own message; Chinese per variant.
    let e = StorageError::TooNew {
        found: 9,
        supported: 2,
    };
    assert_eq!((en.parts.storage_error)(&e), e.to_string());
    let zh_text = (zh.parts.storage_error)(&e);
    assert!(
        has_cjk(&zh_text) && zh_text.contains('9') && zh_text.contains('2'),
        "{zh_text}"
    );
}

#[test]
fn a_refused_edit_is_worded_in_each_language_with_its_id() {
    use rapport::core::edit::EditError;
    let errors = [
        EditError::MissingId,
        EditError::DuplicateId("C-7".into()),
        EditError::NotFound("C-9".into()),
    ];
    check(errors.iter().map(|e| {
        let (en, zh) = (
            (En.texts().customers.not_saved)(e),
            (Zh.texts().customers.not_saved)(e),
        );
        (format!("{e:?}"), en, zh)
    }));
    let dup = &errors[1];
    assert!((En.texts().customers.not_saved)(dup).contains("C-7"));
    assert!((Zh.texts().customers.not_saved)(dup).contains("C-7"));
}

/// Every reason stored data or a backup file is damaged, worded by each catalogue: the
/// Chinese never shows the English details that `Display` keeps for logs.
#[test]
fn damaged_data_is_worded_in_each_language_without_english_details() {
    use rapport::core::model::{CheckError, InternerError, Sym};
    use rapport::storage::codec::Damage;
    use rapport::storage::Damaged;
    let detail = "Detail for the log";
    let damages = [
        Damage::CutShort,
        Damage::FormatVersionZero,
        Damage::Length {
            expected: 10,
            found: 7,
        },
        Damage::ExtraBytes(3),
        Damage::Checksum,
        Damage::Inconsistent(detail.into()),
        Damage::Undecodable(detail.into()),
        Damage::Strings(InternerError::NoEmptyString),
        Damage::Records(CheckError::UnknownText {
            kind: Kind::Orders,
            sym: Sym(9),
        }),
        Damage::Records(CheckError::ExtraValues { kind: Kind::Deals }),
        Damage::Records(CheckError::LookupName { kind: Kind::Deals }),
        Damage::Records(CheckError::DateOutOfRange {
            kind: Kind::Tickets,
        }),
        Damage::Preferences(detail.into()),
    ];
    let damaged: Vec<Damaged> = (damages.into_iter().map(Damaged::Data))
        .chain([
            Damaged::NotRapport,
            Damaged::LockRecord,
            Damaged::Unopenable,
            Damaged::NotSealed,
            Damaged::UndoList(detail.into()),
            Damaged::Generation,
            Damaged::Missing("undo.3".into()),
            Damaged::Parts("dataset".into()),
        ])
        .collect();
    // A new variant fails to compile here: list it above.
    for d in &damaged {
        match d {
            Damaged::Data(
                Damage::CutShort
                | Damage::FormatVersionZero
                | Damage::Length { .. }
                | Damage::ExtraBytes(_)
                | Damage::Checksum
                | Damage::Inconsistent(_)
                | Damage::Undecodable(_)
                | Damage::Strings(_)
                | Damage::Records(_)
                | Damage::Preferences(_),
            )
            | Damaged::NotRapport
            | Damaged::LockRecord
            | Damaged::Unopenable
            | Damaged::NotSealed
            | Damaged::UndoList(_)
            | Damaged::Generation
            | Damaged::Missing(_)
            | Damaged::Parts(_) => {}
        }
    }
    let errors: Vec<StorageError> = (damaged.into_iter().map(StorageError::Corrupt))
        .chain([StorageError::TooNew {
            found: 9,
            supported: 6,
        }])
        .collect();
    let latin = |s: &str| {
        s.replace("Rapport", "")
            .chars()
            .any(|c| c.is_ascii_alphabetic())
    };
    for e in &errors {
        let (en, zh) = (En.texts(), Zh.texts());
        let cases = [
            (
                "storage_error",
                (en.parts.storage_error)(e),
                (zh.parts.storage_error)(e),
            ),
            (
                "not_backup",
                en.not_backup_reason(e),
                zh.not_backup_reason(e),
            ),
        ];
        for (what, en_text, zh_text) in &cases {
            assert!(!en_text.contains(detail), "{what} {e:?}: {en_text}");
            assert!(!latin(zh_text), "{what} {e:?}: English in {zh_text:?}");
        }
        check(cases.map(|(what, en, zh)| (format!("{what} {e:?}"), en, zh)));
    }
}

/// Every reason a team workspace does not open, in each language: no English detail in the
/// Chinese (but the file's name), no detail for logs in either.
#[test]
fn every_team_workspace_error_is_worded_in_both_languages() {
    use rapport::storage::codec::Damage;
    use rapport::storage::workspace::WorkspaceError;
    let errors = [
        WorkspaceError::NotWorkspace,
        WorkspaceError::TooNew {
            found: 2,
            supported: 1,
        },
        WorkspaceError::Damaged(Damage::Checksum),
        WorkspaceError::Damaged(Damage::CutShort),
        WorkspaceError::Damaged(Damage::Undecodable("header detail".into())),
        WorkspaceError::Tampered,
        WorkspaceError::WrongPassphrase,
        WorkspaceError::Cipher(StorageError::QuotaExceeded),
    ];
    // A new variant fails to compile here: list it above.
    for e in &errors {
        match e {
            WorkspaceError::NotWorkspace
            | WorkspaceError::TooNew { .. }
            | WorkspaceError::Damaged(_)
            | WorkspaceError::Tampered
            | WorkspaceError::WrongPassphrase
            | WorkspaceError::Cipher(_) => {}
        }
    }
    let latin = |s: &str| {
        (s.replace("Rapport", "")
            .replace("data/workspace.rapport", ""))
        .chars()
        .any(|c| c.is_ascii_alphabetic())
    };
    for e in &errors {
        let (en, zh) = ((En.texts().team.error)(e), (Zh.texts().team.error)(e));
        assert!(!en.contains("detail"), "{e:?}: {en}");
        assert!(!latin(&zh), "{e:?}: English in {zh:?}");
        check([(format!("{e:?}"), en, zh)]);
    }
    check(both(
        [("2026年7月1日", "Ana"), ("2026年7月1日", "")],
        |t, (d, n)| (t.team.published)(d, n),
    ));
    assert_eq!(
        (En.texts().team.published)("Jul 1, 2026", "Ana"),
        "Team data published on Jul 1, 2026 by Ana"
    );
    assert_eq!(
        (En.texts().team.published)("Jul 1, 2026", ""),
        "Team data published on Jul 1, 2026"
    );
    let read_only =
        |t: &'static rapport::i18n::Texts| (t.parts.storage_error)(&StorageError::ReadOnly);
    check([(
        "read-only".into(),
        read_only(En.texts()),
        read_only(Zh.texts()),
    )]);
}
