//! An ordered parallel map: work runs on several threads, results come out in input order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

/// Runs `work` on every item with up to `jobs` threads and passes each result to
/// `emit` in the order of `items`, as soon as all earlier results were emitted.
///
/// When `emit` fails, no new items are started and the error is returned once the
/// running ones finish.
///
/// NOTE: results that finish ahead of a slow earlier item wait in memory until it is
/// done, so memory grows with the number of results finished out of order.
pub fn map_ordered<T, R, E>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    if jobs <= 1 || items.len() <= 1 {
        for item in items {
            emit(work(item))?;
        }
        return Ok(());
    }

    let next_item = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    let threads = jobs.min(items.len());

    thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (work, next_item, stop) = (&work, &next_item, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let index = next_item.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else {
                        break;
                    };
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);

        let mut waiting = BTreeMap::new();
        let mut next_to_emit = 0;
        let mut failure = None;
        for (index, result) in receiver {
            if failure.is_some() {
                continue;
            }
            waiting.insert(index, result);

            while let Some(result) = waiting.remove(&next_to_emit) {
                next_to_emit += 1;
                if let Err(error) = emit(result) {
                    stop.store(true, Ordering::Relaxed);
                    failure = Some(error);
                    break;
                }
            }
        }

        match failure {
            Some(error) => Err(error),
            None => Ok(()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn collect(items: &[u64], jobs: usize) -> Vec<u64> {
        let mut output = Vec::new();
        let result: Result<(), ()> = map_ordered(
            items,
            jobs,
            |&item| {
                // Later items finish first, so ordering is really exercised.
                thread::sleep(Duration::from_millis(20 - item.min(20)));
                item * 10
            },
            |result| {
                output.push(result);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        output
    }

    #[test]
    fn output_keeps_input_order() {
        let items: Vec<u64> = (0..12).collect();
        let expected: Vec<u64> = items.iter().map(|item| item * 10).collect();

        assert_eq!(collect(&items, 1), expected);
        assert_eq!(collect(&items, 4), expected);
        assert_eq!(collect(&items, 64), expected);
    }

    #[test]
    fn empty_input_emits_nothing() {
        assert!(collect(&[], 4).is_empty());
    }

    #[test]
    fn emit_error_stops_and_is_returned() {
        let items: Vec<u64> = (0..100).collect();
        let mut emitted = 0;

        let result = map_ordered(
            &items,
            4,
            |&item| item,
            |item| {
                emitted += 1;
                if item == 3 {
                    Err("closed")
                } else {
                    Ok(())
                }
            },
        );

        assert_eq!(result, Err("closed"));
        assert_eq!(emitted, 4);
    }
}
