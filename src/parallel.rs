//! Splitting one large job over the machine's cores: decoding a library's
//! decks, a snapshot's card states, a session's card lookups. The work is
//! cut into runs of its order, one a thread, so results come back in order
//! with no sorting and no locks; two independent parts run side by side.

/// The most threads one job is split among.
const MOST: usize = 4;

/// The fewest cards (or item keys) a job over a library must weigh to be
/// worth splitting: below it, starting threads costs more than it saves.
pub const WORTH_CARDS: usize = 5_000;

/// `f` of each of `items`, in their order, worked out as [`each`] works.
pub fn map<'a, T: Sync, R: Send>(
    items: &'a [T],
    weight: impl Fn(&T) -> usize,
    worth: usize,
    f: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    let mut slots: Vec<(&'a T, Option<R>)> = items.iter().map(|item| (item, None)).collect();
    each(
        &mut slots,
        |(item, _)| weight(item),
        worth,
        |(item, result)| {
            *result = Some(f(item));
        },
    );
    slots.into_iter().filter_map(|(_, result)| result).collect()
}

/// `f` applied to each of `items` in place. When the job is large (its
/// items' `weight`s add up to `worth` or more) it runs on up to four
/// threads, each given a run of `items` of about equal weight; below
/// `worth`, starting threads would cost more than they save, and it runs
/// here.
pub fn each<T: Send>(
    items: &mut [T],
    weight: impl Fn(&T) -> usize,
    worth: usize,
    f: impl Fn(&mut T) + Sync,
) {
    let weights: Vec<usize> = items.iter().map(weight).collect();
    let total: usize = weights.iter().sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(MOST).min(items.len());
    if threads <= 1 || total < worth {
        items.iter_mut().for_each(f);
        return;
    }
    let mut parts = Vec::with_capacity(threads);
    let mut rest = items;
    for run in runs(&weights, total, threads) {
        let (part, after) = rest.split_at_mut(run.len());
        parts.push(part);
        rest = after;
    }
    let f = &f;
    std::thread::scope(|scope| {
        let mut parts = parts.into_iter();
        let here = parts.next().unwrap_or_default();
        let others: Vec<_> = parts
            .map(|part| scope.spawn(move || part.iter_mut().for_each(f)))
            .collect();
        here.iter_mut().for_each(f);
        others.into_iter().for_each(joined);
    });
}

/// `there()` on another thread while `here()` runs on this one: two
/// independent parts of one job, such as reading the library and opening
/// the store.
pub fn both<A: Send, B>(there: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let there = scope.spawn(there);
        let here = here();
        (joined(there), here)
    })
}

/// What a thread gave; a panic there is a bug, and goes on as one here.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The ranges that cut `weights` (adding up to `total`) into at most
/// `threads` runs of about equal weight, none empty, covering them all: a
/// run ends before the item whose middle lies past its share of the whole.
fn runs(weights: &[usize], total: usize, threads: usize) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::with_capacity(threads);
    let (mut start, mut before) = (0, 0);
    for (i, w) in weights.iter().enumerate() {
        let share = total * (runs.len() + 1);
        if i > start && runs.len() + 1 < threads && (2 * before + w) * threads > 2 * share {
            runs.push(start..i);
            start = i;
        }
        before += w;
    }
    if start < weights.len() {
        runs.push(start..weights.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_share_the_weight_cover_everything_and_are_never_empty() {
        assert_eq!(runs(&[1, 1, 1, 1], 4, 2), vec![0..2, 2..4]);
        assert_eq!(runs(&[10, 1, 1, 1], 13, 2), vec![0..1, 1..4]);
        assert_eq!(runs(&[1, 1, 1, 10], 13, 2), vec![0..3, 3..4]);
        assert_eq!(runs(&[5, 5, 5], 15, 4), vec![0..1, 1..2, 2..3]);
        assert_eq!(runs(&[0, 0, 7], 7, 2), vec![0..3]);
        assert_eq!(runs(&[3; 8], 24, 4), vec![0..2, 2..4, 4..6, 6..8]);
    }

    #[test]
    fn a_large_job_comes_back_whole_and_in_order_a_small_one_too() {
        let items: Vec<usize> = (0..1_000).collect();
        let doubled: Vec<usize> = items.iter().map(|i| i * 2).collect();
        let on_threads = map(&items, |_| 1, 10, |i| i * 2);
        assert_eq!(on_threads, doubled);
        let here = map(&items, |_| 1, 1_000_000, |i| i * 2);
        assert_eq!(here, doubled);
        assert!(map(&[] as &[usize], |_| 1, 0, |i| *i).is_empty());
    }

    #[test]
    fn each_works_every_item_in_place_large_or_small() {
        for worth in [1, 1_000_000] {
            let mut items: Vec<(usize, usize)> = (0..500).map(|i| (i, 0)).collect();
            each(&mut items, |_| 1, worth, |(i, out)| *out = *i * 3);
            assert!(items.iter().all(|(i, out)| *out == i * 3), "worth {worth}");
        }
        each(&mut [] as &mut [usize], |_| 1, 0, |i| *i += 1);
    }

    #[test]
    fn a_large_job_runs_on_more_than_one_thread_when_there_are_cores() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let items: Vec<usize> = (0..64).collect();
        let threads = map(&items, |_| 1, 1, |_| std::thread::current().id());
        let distinct: std::collections::HashSet<_> = threads.into_iter().collect();
        assert_eq!(distinct.len(), cores.clamp(1, MOST));
    }
}
