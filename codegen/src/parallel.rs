//! Spreading independent pieces of work (spec files to parse, output files to emit) over the
//! machine's cores, with results in a fixed order whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Maps `work` over `items` on every core and returns the results in the order of `items`.
///
/// The threads take items from one shared queue, the costliest first by `cost`, rather than a
/// fixed share each: pieces differ in size by ten times or more, and with a fixed split one core
/// sits idle while another still works through its large pieces. Starting with the largest
/// ones leaves only small ones to even out the end.
pub(crate) fn map<T: Sync, U: Send>(
    items: &[T],
    cost: impl Fn(&T) -> usize,
    work: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    let order = costliest_first(items, cost);
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((index, work(&items[index])));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        // This thread takes items too, then collects what the others did.
        let mut done = worker();
        for helper in helpers {
            done.extend(helper.join().expect("a worker thread panicked"));
        }
        done
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Indices of `items`, the costliest first; equal costs keep their order.
fn costliest_first<T>(items: &[T], cost: impl Fn(&T) -> usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(cost(&items[index])));
    order
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..100).collect();
        let squares = map(&items, |&item| item % 7, |&item| item * item);
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_no_threads() {
        let items: [u8; 0] = [];
        assert!(map(&items, |_| 0, |&item| item).is_empty());
    }
}
