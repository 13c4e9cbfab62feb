//! A maximum one-to-one matching in a bipartite graph (Kuhn's augmenting
//! paths), deterministic: left vertices in order, their edges in order.

/// For each left vertex, its matched right vertex (of `right` vertices),
/// in a matching of maximum size; `edges[i]` lists the right vertices left
/// vertex `i` may match.
pub fn max_matching(edges: &[Vec<usize>], right: usize) -> Vec<Option<usize>> {
    let mut owner: Vec<Option<usize>> = vec![None; right];
    for left in 0..edges.len() {
        let mut seen = vec![false; right];
        augment(left, edges, &mut owner, &mut seen);
    }
    let mut matched = vec![None; edges.len()];
    for (r, l) in owner.iter().enumerate() {
        if let Some(l) = l {
            matched[*l] = Some(r);
        }
    }
    matched
}

/// Finds an augmenting path from `left` (depth-first), flipping it.
fn augment(
    left: usize,
    edges: &[Vec<usize>],
    owner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &r in &edges[left] {
        if seen[r] {
            continue;
        }
        seen[r] = true;
        let free = match owner[r] {
            None => true,
            Some(other) => augment(other, edges, owner, seen),
        };
        if free {
            owner[r] = Some(left);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greedy_first_choice_is_undone_for_a_larger_matching() {
        // Left 0 may take 0 or 1, left 1 only 0: greedy would leave left 1 alone.
        let edges = vec![vec![0, 1], vec![0]];
        assert_eq!(max_matching(&edges, 2), vec![Some(1), Some(0)]);
        // One right vertex wanted by three: one match.
        let edges = vec![vec![0], vec![0], vec![0]];
        assert_eq!(max_matching(&edges, 1).iter().flatten().count(), 1);
        assert_eq!(max_matching(&[], 3), Vec::<Option<usize>>::new());
    }
}
