//! The team's published workspace (`storage::workspace`): looked for on the site as the app
//! starts, opened with the team passphrase, then shown instead of the member's own data
//! while they choose "Team". It is held in memory only and read-only: `AppState::commit`
//! refuses every change while it is shown, and the member's own data stays stored as it is
//! (`AppState::own`). The choice is remembered (`prefs::TEAM_VIEW_KEY`), the passphrase and
//! the key never.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::AppState;
use crate::core::metrics::Params;
use crate::core::model::Dataset;
use crate::storage::lock::{LockRecord, ITERATIONS};
use crate::storage::prefs::{self, Source, PARAMS_KEY, PARAMS_VERSION};
use crate::storage::webcrypto::{self, AesGcm};
use crate::storage::workspace::{self, Header, Publication, WorkspaceError};

/// Where the site's team workspace stands.
#[derive(Clone, Debug)]
pub enum Team {
    /// Being fetched.
    Looking,
    /// The site publishes none (or it cannot be reached).
    Absent,
    /// Published, waiting for the passphrase: what it says in clear, and its bytes.
    Found {
        /// Who published what, when.
        header: Header,
        /// The file.
        bytes: Arc<Vec<u8>>,
    },
    /// Opened: the team's data, read-only.
    Open {
        /// Who published what, when.
        header: Header,
        /// The team's records.
        dataset: Arc<Dataset>,
        /// The parameters the team's figures use.
        params: Params,
    },
    /// Published but unreadable (damaged, foreign, newer): why. The app works without it.
    Unreadable(WorkspaceError),
}

impl AppState {
    /// Looks for the team's workspace on the site (as the app starts).
    pub(super) fn look_for_team(&self) {
        let state = *self;
        spawn_local(async move {
            let found = match crate::storage::published::fetch().await {
                None => Team::Absent,
                Some(bytes) => match workspace::read(&bytes) {
                    Ok(sealed) => Team::Found {
                        header: sealed.header,
                        bytes: Arc::new(bytes),
                    },
                    Err(e) => Team::Unreadable(e),
                },
            };
            state.team.set(found);
        });
    }

    /// Opens the team's workspace with `passphrase` and shows it. A wrong passphrase is
    /// [`WorkspaceError::WrongPassphrase`] and changes nothing.
    pub async fn open_team(&self, passphrase: &str) -> Result<(), WorkspaceError> {
        let Team::Found { bytes, .. } = self.team.get_untracked() else {
            return Ok(());
        };
        let sealed = workspace::read(&bytes)?;
        let (salt, iterations) = (sealed.record.salt, sealed.record.iterations);
        let cipher = AesGcm::derive(passphrase, &salt, iterations).await?;
        let backup = workspace::open(&sealed, &cipher).await?;
        let params = (backup.prefs.get(PARAMS_KEY))
            .and_then(|text| serde_json::from_str(text).ok())
            .and_then(|stored| prefs::decode(PARAMS_VERSION, stored).ok())
            .unwrap_or_default();
        self.team.set(Team::Open {
            header: sealed.header,
            dataset: Arc::new(backup.dataset),
            params,
        });
        self.show(Source::Team);
        Ok(())
    }

    /// Shows the team's data (once opened) or one's own, and remembers the choice. The
    /// parameters follow: the team's with its data, one's own with one's own.
    pub fn show(&self, source: Source) {
        prefs::save(prefs::TEAM_VIEW_KEY, prefs::TEAM_VIEW_VERSION, &source);
        if self.storage_error.get_untracked() == Some(crate::storage::StorageError::ReadOnly) {
            self.storage_error.set(None);
        }
        let team = self.team.with_untracked(|t| match t {
            Team::Open {
                dataset, params, ..
            } => Some((dataset.clone(), params.clone())),
            _ => None,
        });
        let viewing = self.viewing_team.get_untracked();
        match (source, team) {
            (Source::Team, Some((dataset, params))) if !viewing => {
                self.viewing_team.set(true);
                self.params.set(params);
                self.dataset.set(dataset);
            }
            (Source::Team, Some(_)) => {}
            _ if viewing => {
                self.viewing_team.set(false);
                self.params.set(prefs::load(PARAMS_KEY, PARAMS_VERSION));
                self.dataset.set(self.own.get_untracked());
            }
            _ => {}
        }
    }

    /// A team workspace of one's own data, published today (this browser's date) and sealed
    /// with `passphrase` under a new random salt: the file the Data page downloads.
    pub async fn publish_team(
        &self,
        publisher: &str,
        redacted: bool,
        passphrase: &str,
    ) -> Result<Vec<u8>, WorkspaceError> {
        let publication = Publication {
            published: super::analytics::today(),
            publisher: publisher.to_string(),
            redacted,
        };
        let salt = webcrypto::random::<16>()?;
        let cipher = AesGcm::derive(passphrase, &salt, ITERATIONS).await?;
        let record = LockRecord::new(&cipher, ITERATIONS, salt).await?;
        let dataset = self.own.get_untracked();
        let shared: BTreeMap<String, String> = workspace::shared_prefs(&prefs::all());
        workspace::publish(&publication, &dataset, &shared, &cipher, &record).await
    }
}
