//! Which questions an exam asks: a seeded draw, weighted towards weak tags.
//! (`--tag` narrows the decks before they reach the exam.)

use std::collections::HashMap;

use rand::{Rng, RngExt};

/// An item that may be asked, with its tags.
#[derive(Debug, Clone)]
pub struct Candidate<K> {
    /// The item's identity.
    pub key: K,
    /// Its topics.
    pub tags: Vec<String>,
}

/// How questions are drawn.
#[derive(Debug, Clone, Default)]
pub struct Draw {
    /// How many questions.
    pub count: usize,
    /// With `Some`, the share of right answers per tag: items of weaker tags
    /// are drawn more often (see [`weak_weight`]).
    pub weak: Option<HashMap<String, f64>>,
}

/// The accuracy assumed for a tag never answered: neither weak nor strong.
pub const UNSEEN_ACCURACY: f64 = 0.5;

/// How much more likely an item is drawn with `--weak`: 1 plus 4 times the
/// error rate of its weakest tag, so a tag never answered right is drawn five
/// times as often as one always answered right.
pub fn weak_weight(tags: &[String], accuracy: &HashMap<String, f64>) -> f64 {
    let worst = tags
        .iter()
        .map(|t| accuracy.get(t).copied().unwrap_or(UNSEEN_ACCURACY))
        .fold(1.0_f64, f64::min);
    1.0 + 4.0 * (1.0 - worst.clamp(0.0, 1.0))
}

/// Draws up to `draw.count` distinct items in random order. The same `rng`
/// state gives the same questions in the same order.
pub fn select<K: Clone>(pool: &[Candidate<K>], draw: &Draw, rng: &mut impl Rng) -> Vec<K> {
    // Weighted sampling without replacement (Efraimidis and Spirakis): each
    // item gets the key u^(1/w) and the largest keys win; with equal weights
    // this is a uniform shuffle.
    let mut keyed: Vec<(f64, usize)> = pool
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let weight = draw.weak.as_ref().map_or(1.0, |a| weak_weight(&c.tags, a));
            let u: f64 = rng.random();
            (u.powf(1.0 / weight), i)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed
        .into_iter()
        .take(draw.count)
        .map(|(_, i)| pool[i].key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    fn pool() -> Vec<Candidate<usize>> {
        (0..30_usize)
            .map(|i| Candidate {
                key: i,
                tags: vec![
                    if i.is_multiple_of(3) {
                        "safety"
                    } else {
                        "design"
                    }
                    .to_string(),
                ],
            })
            .collect()
    }

    fn draw(count: usize) -> Draw {
        Draw {
            count,
            ..Draw::default()
        }
    }

    const FROZEN: [usize; 10] = [9, 29, 26, 7, 21, 3, 2, 4, 15, 12];

    #[test]
    fn the_same_seed_draws_the_same_questions_in_the_same_order() {
        let pick = |seed| select(&pool(), &draw(10), &mut ChaCha8Rng::seed_from_u64(seed));
        let first = pick(7);
        assert_eq!(first, pick(7));
        assert_ne!(first, pick(8));
        assert_eq!(first.len(), 10);
        let mut distinct = first.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 10, "no question twice");
        // Frozen: ChaCha8 is specified, so the order is the same on every
        // platform and build; a learner can share a seed.
        assert_eq!(first, FROZEN);
    }

    #[test]
    fn weak_tags_are_drawn_more_often() {
        let accuracy = HashMap::from([("safety".to_string(), 0.0), ("design".to_string(), 1.0)]);
        assert_eq!(weak_weight(&["safety".into()], &accuracy), 5.0);
        assert_eq!(weak_weight(&["design".into()], &accuracy), 1.0);
        assert_eq!(weak_weight(&["new".into()], &accuracy), 3.0);
        let weak = Draw {
            count: 5,
            weak: Some(accuracy),
        };
        // Safety is a third of the pool: a third of a plain draw, but weighted
        // five to one, about two thirds of a weak draw (across many seeds).
        let (mut safety, mut plain_safety) = (0, 0);
        for seed in 0..200 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            safety += select(&pool(), &weak, &mut rng)
                .iter()
                .filter(|k| k.is_multiple_of(3))
                .count();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            plain_safety += select(&pool(), &draw(5), &mut rng)
                .iter()
                .filter(|k| k.is_multiple_of(3))
                .count();
        }
        assert!(2 * safety > 3 * plain_safety, "{safety} vs {plain_safety}");
    }
}
