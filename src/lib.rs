//! trialdrill: a terminal quiz and flashcard trainer for landmark clinical
//! trials. The binary (`src/main.rs`) is a thin client of this library.
//!
//! # Layout
//!
//! | module | holds |
//! |---|---|
//! | [`cli`], [`cmd`] | the clap definitions; one thin file per subcommand that resolves its arguments, calls the library and prints |
//! | [`engine`] | the rules, as pure logic with no terminal, disk or clock: scheduling (FSRS), the prompt port, presenting a card, the study session, the exam |
//! | [`engine::grade`] | judging an answer against its card, by meaning |
//! | [`deck`] | deck files: the model, loading with positions, lint, cloze, cross-deck sources, built-in and installed decks, the deck cache and the library index of deck outlines, choosing decks by id, collection and tag (loading only the chosen decks' cards), card import and export |
//! | [`summary`] | trial summaries: the one parser (plain text or Markdown, warnings with positions) and the one figure scanner |
//! | [`author`] | a parsed summary to a draft deck, and which cards cite each item (the build report and lint's coverage rule) |
//! | [`history`] | the review log as learning data: stats, optimize, simulate, review-history CSV and its import; a class's exam results analysed for the instructor |
//! | [`store`] | the only code that knows the store folder: log, snapshot, history view, check/repair/merge/migrate, config, params, atomic writes, lock |
//! | [`ui`] | the terminal adapters of the prompt port (dialoguer menus, plain lines), the deadline reader, the sanitiser, charts |
//! | [`error`] | typed errors that decide the exit status, and how an error chain is told |
//! | [`clock`] | the system's local time zone, read without listing the zoneinfo database |
//! | [`parallel`] | one large job split over the machine's cores, its results in order |
//!
//! # The path of one answer
//!
//! 1. `cmd::study` chooses the decks ([`deck::select`]: outlines from
//!    [`deck::index`], cards through [`deck::cache`] for the chosen decks
//!    only), opens the [`store::Store`]
//!    (snapshot, then the log's tail replayed; beside the library index
//!    when no deck is named, see [`parallel`]) and builds an
//!    [`engine::study::Study`] from the decks and the store's card states.
//! 2. [`engine::study::Study::current`] gives the next card as an
//!    [`engine::prompt::Question`]; a [`engine::prompt::Prompter`] (from
//!    [`ui`]) shows it and returns the learner's reply.
//! 3. [`engine::study::Study::answer`] grades it ([`engine::grade`]) and presents
//!    the feedback ([`engine::present`]). A wrong answer is rated Again at
//!    once; a right one asks for a rating, given to
//!    [`engine::study::Study::rate`].
//! 4. Either way the engine schedules through the one answer path,
//!    [`engine::schedule::Scheduler::schedule`] (state, rating, day, fuzz →
//!    next state, interval, due day), and makes the one
//!    [`store::Review::new`].
//! 5. `cmd::study` appends the review ([`store::Store::append`]: written and
//!    `fdatasync`ed before anything more is shown), and the store folds it
//!    into its card states with the same scheduler; the figures `stats`
//!    reads ([`store::aggregates`]) stay in the snapshot, and the events
//!    since are kept to fold into them if they are read or rewritten
//!    ([`store::cards::Figures`]). At the end of the
//!    session the snapshot is replaced atomically, but only once the log has
//!    grown [`store::TAIL_BOUND`] past it: opening replays that tail.
//!
//! # The log's invariants
//!
//! - The review log (`reviews.jsonl`) is the source of truth: a header line,
//!   then one event a line, only ever appended, by the one process holding
//!   the `flock` on the log itself. The header's format says how every line
//!   reads: format 3 lines are compact ([`store::line`]: short keys, the
//!   device named once in the header); format 1 and 2 lines are the long
//!   form, still read as they are. A writer never appends compact lines to a
//!   format-2 log: it first rewrites it whole in format 3, keeping the old
//!   file beside it, so a log never mixes forms and an older trialdrill
//!   refuses it by its header instead of taking new lines for damage. Every event has a unique id, so logs of
//!   two devices merge by union (an id seen twice counts once); a merge keeps
//!   each log's own order and interleaves the two by time.
//! - An undo directly follows the review it takes back (the study loop only
//!   offers the last answer; a merge moves a review and its undo as one, and
//!   takes an undo only with its review). [`store::history`] applies undo by
//!   that rule for every reader of the whole log, and the card states and
//!   the figures of `stats` by the same rule; the snapshot keeps the last
//!   review, so an undo just past it is replayed on top of it.
//! - The snapshot is a cache of a prefix of the log, named by its length and
//!   the id of its last event, with a checksum: used only when all three
//!   match, else rebuilt from the log (and written back by the first command
//!   that rebuilt it, read-only ones included, as it is replaced atomically).
//!   It also holds a filter of the ids it counts: an event past it whose id
//!   the filter may hold sends the opener to a replay of the whole log, so a
//!   repeated event counts once. Only `store check` (and a change of FSRS
//!   parameters) replays the whole log otherwise; check compares the
//!   snapshot's states and figures with that replay.
//! - A review's due day is written with it, so replaying the log gives the
//!   same card states whatever the fuzz was; the states depend only on the
//!   FSRS parameters, whose fingerprint the snapshot records.
//! - A torn last line is a write cut short by a crash: skipped, then copied
//!   aside and cut off by the next writer; a last line whose event is whole
//!   but whose newline is missing is kept, and gets its newline. Any other
//!   damaged line stops every command with its file and line, and nothing is
//!   changed until `store repair`. A log shorter than its snapshot says is
//!   damage: the snapshot is then set aside, never overwritten.
//!
//! # Where to add
//!
//! - **A setting**: a row of [`store::config::SETTINGS`] and a variant of
//!   [`store::config::Key`]; parsing, range checks, `config list`, `config
//!   set --help` and the README table (checked by a test) follow from the
//!   table. Give it a typed accessor on [`store::config::Config`].
//! - **A card kind**: a variant of [`deck::Body`] (the JSON Schema follows
//!   from the type), then its question in [`engine::present::question`], its
//!   answer checking in [`engine::grade`], its answer texts in
//!   [`deck::Card::answer_texts`] (what lint checks against the summary), and
//!   its plain and terminal prompts in [`ui`].
//! - **A deck**: `decks/ID.json` and `decks/ID.summary.md`; `build.rs` builds
//!   every deck of that folder into the binary.

pub mod author;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod deck;
pub mod engine;
pub mod error;
pub mod history;
pub mod parallel;
pub mod store;
pub mod summary;
pub mod ui;
