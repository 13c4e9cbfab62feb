//! The arrangement of the reader panes as tiles ([`egui_tiles`], rerun's
//! tiling crate): splits the user drags to any size, panes dragged by their
//! header to reorder them or to split a row into a column or into tabs.
//!
//! [`super::state::UiState::panes`] stays the list of panes (in reading
//! order, which the rest of the window indexes); the tree only holds each
//! pane's [`PaneKey`]. [`PaneTiles::sync`] makes the tree follow the list
//! before drawing (panes opened, closed, moved by a command) and
//! [`PaneTiles::order`] gives the list the tree's order after drawing (panes
//! the user dragged). [`PaneTiles::to_layout`] and [`PaneTiles::from_layout`]
//! convert to and from the egui-free [`PaneLayout`] saved with the project.

use eframe::egui;
use egui_tiles::{Container, ContainerKind, Linear, LinearDir, Tile, TileId, Tiles, Tree};

use crate::io::project_file::PaneLayout;

/// A pane's identity in the tree; it survives reordering and a change of document.
pub type PaneKey = u64;

/// The pane tree.
pub struct PaneTiles {
    pub tree: Tree<PaneKey>,
    /// Set when the user dragged panes into another order while drawing.
    pub moved_by_user: bool,
}

impl Default for PaneTiles {
    fn default() -> Self {
        Self::with_tree(Tree::empty(egui::Id::unique("reader tiles")))
    }
}

/// Share scale of [`PaneLayout`]: thousandths.
const SHARE_SCALE: f32 = 1000.0;

impl PaneTiles {
    fn with_tree(tree: Tree<PaneKey>) -> Self {
        Self {
            tree,
            moved_by_user: false,
        }
    }

    /// Draws the tree; notes whether the user dragged panes into another order.
    pub fn ui(&mut self, behavior: &mut dyn egui_tiles::Behavior<PaneKey>, ui: &mut egui::Ui) {
        let before = self.order();
        self.tree.ui(behavior, ui);
        self.moved_by_user |= self.order() != before;
    }

    /// The pane keys in layout order: depth first, left to right, top to bottom.
    pub fn order(&self) -> Vec<PaneKey> {
        self.leaves()
            .into_iter()
            .filter_map(|t| self.tree.tiles.get_pane(&t).copied())
            .collect()
    }

    /// How many panes stand side by side at most (a row counts its parts, a
    /// column or tabs their widest part): what the window's width is shared by.
    pub fn columns(&self) -> usize {
        fn walk(tiles: &Tiles<PaneKey>, tile: TileId) -> usize {
            match tiles.get(tile) {
                Some(Tile::Pane(_)) => 1,
                Some(Tile::Container(c)) => {
                    let parts = c.children().map(|&child| walk(tiles, child));
                    if c.kind() == ContainerKind::Horizontal {
                        parts.sum()
                    } else {
                        parts.max().unwrap_or(0)
                    }
                }
                None => 0,
            }
        }
        self.tree
            .root()
            .map_or(0, |root| walk(&self.tree.tiles, root))
    }

    /// Makes the tree show exactly `keys`, in that order: tiles of closed
    /// panes go, new panes join the top row at the right, and the panes are
    /// put into the tree's places in the order of `keys` (so a pane moved by
    /// a command moves on screen, and the places keep their sizes).
    pub fn sync(&mut self, keys: &[PaneKey]) {
        let stale: Vec<TileId> = self
            .tree
            .tiles
            .iter()
            .filter_map(|(&id, tile)| match tile {
                Tile::Pane(key) if !keys.contains(key) => Some(id),
                _ => None,
            })
            .collect();
        for id in stale {
            self.tree.remove_recursively(id);
        }
        self.prune();
        let present = self.order();
        for &key in keys.iter().filter(|k| !present.contains(k)) {
            self.append(key);
        }
        let leaves = self.leaves();
        if leaves.len() == keys.len() {
            for (tile, &key) in leaves.into_iter().zip(keys) {
                if let Some(Tile::Pane(k)) = self.tree.tiles.get_mut(tile) {
                    *k = key;
                }
            }
        }
    }

    /// The saved form of the arrangement, panes named by their place in `keys`.
    pub fn to_layout(&self, keys: &[PaneKey]) -> Option<PaneLayout> {
        self.tree.root().and_then(|root| self.layout_of(root, keys))
    }

    /// A tree of `keys` arranged as `layout` says, when the layout names each
    /// of them exactly once; otherwise (an old file, a hand-edited one) side by side.
    pub fn from_layout(layout: Option<&PaneLayout>, keys: &[PaneKey]) -> Self {
        let mut tiles = Tiles::default();
        let mut used = vec![false; keys.len()];
        let root = layout.and_then(|l| build(&mut tiles, l, keys, &mut used));
        match root {
            Some(root) if used.iter().all(|&u| u) => {
                Self::with_tree(Tree::new(egui::Id::unique("reader tiles"), root, tiles))
            }
            _ => {
                let mut fresh = Self::default();
                fresh.sync(keys);
                fresh
            }
        }
    }

    fn layout_of(&self, tile: TileId, keys: &[PaneKey]) -> Option<PaneLayout> {
        match self.tree.tiles.get(tile)? {
            Tile::Pane(key) => keys.iter().position(|k| k == key).map(PaneLayout::Pane),
            Tile::Container(Container::Linear(linear)) => {
                let total: f32 = linear
                    .children
                    .iter()
                    .map(|&c| linear.shares[c])
                    .sum::<f32>()
                    .max(f32::EPSILON);
                let parts = linear
                    .children
                    .iter()
                    .filter_map(|&c| {
                        let share = (linear.shares[c] / total * SHARE_SCALE).round() as u32;
                        Some((share, self.layout_of(c, keys)?))
                    })
                    .collect();
                Some(match linear.dir {
                    LinearDir::Horizontal => PaneLayout::Row(parts),
                    LinearDir::Vertical => PaneLayout::Column(parts),
                })
            }
            Tile::Container(Container::Tabs(tabs)) => {
                let children: Vec<PaneLayout> = tabs
                    .children
                    .iter()
                    .filter_map(|&c| self.layout_of(c, keys))
                    .collect();
                let active = tabs
                    .active
                    .and_then(|a| tabs.children.iter().position(|&c| c == a))
                    .unwrap_or(0);
                Some(PaneLayout::Tabs { children, active })
            }
            Tile::Container(grid @ Container::Grid(_)) => {
                let parts = grid
                    .children()
                    .filter_map(|&c| self.layout_of(c, keys))
                    .map(|l| (SHARE_SCALE as u32, l))
                    .collect();
                Some(PaneLayout::Row(parts))
            }
        }
    }

    /// Pane tiles, depth first.
    fn leaves(&self) -> Vec<TileId> {
        fn walk(tiles: &Tiles<PaneKey>, tile: TileId, out: &mut Vec<TileId>) {
            match tiles.get(tile) {
                Some(Tile::Pane(_)) => out.push(tile),
                Some(Tile::Container(c)) => {
                    for &child in c.children() {
                        walk(tiles, child, out);
                    }
                }
                None => {}
            }
        }
        let mut out = Vec::new();
        if let Some(root) = self.tree.root() {
            walk(&self.tree.tiles, root, &mut out);
        }
        out
    }

    /// Adds a pane at the right end of the top row (making one if the root is
    /// not a row).
    fn append(&mut self, key: PaneKey) {
        let pane = self.tree.tiles.insert_pane(key);
        let Some(root) = self.tree.root() else {
            let row = self
                .tree
                .tiles
                .insert_container(Linear::new(LinearDir::Horizontal, vec![pane]));
            self.tree.root = Some(row);
            return;
        };
        match self.tree.tiles.get_mut(root) {
            Some(Tile::Container(c)) if c.kind() == ContainerKind::Horizontal => c.add_child(pane),
            _ => {
                let row = self
                    .tree
                    .tiles
                    .insert_container(Linear::new(LinearDir::Horizontal, vec![root, pane]));
                self.tree.root = Some(row);
            }
        }
    }

    /// Drops containers left empty or with one child, so a closed pane
    /// leaves no gap and no needless nesting.
    fn prune(&mut self) {
        self.tree.simplify(&simplification());
        if let Some(root) = self.tree.root()
            && let Some(Tile::Container(c)) = self.tree.tiles.get(root)
            && c.is_empty()
        {
            self.tree.tiles.remove(root);
            self.tree.root = None;
        }
    }
}

/// How the tree is tidied after each change: no empty or single-child
/// containers, rows in rows joined, tabs only where the user made them.
pub fn simplification() -> egui_tiles::SimplificationOptions {
    egui_tiles::SimplificationOptions {
        prune_empty_tabs: true,
        prune_empty_containers: true,
        prune_single_child_tabs: true,
        prune_single_child_containers: true,
        all_panes_must_have_tabs: false,
        join_nested_linear_containers: true,
        ..Default::default()
    }
}

/// Inserts the tiles of `layout`; `None` when it names a pane twice or one
/// that does not exist.
fn build(
    tiles: &mut Tiles<PaneKey>,
    layout: &PaneLayout,
    keys: &[PaneKey],
    used: &mut [bool],
) -> Option<TileId> {
    let mut linear = |parts: &[(u32, PaneLayout)], dir, tiles: &mut Tiles<PaneKey>| {
        let mut children = Vec::with_capacity(parts.len());
        let mut shares = Vec::with_capacity(parts.len());
        for (share, part) in parts {
            children.push(build(tiles, part, keys, used)?);
            shares.push((*share).max(1) as f32 / SHARE_SCALE);
        }
        let mut container = Linear::new(dir, children.clone());
        for (child, share) in children.into_iter().zip(shares) {
            container.shares.set_share(child, share);
        }
        Some(tiles.insert_container(container))
    };
    match layout {
        PaneLayout::Pane(i) => {
            let key = *keys.get(*i)?;
            if std::mem::replace(&mut used[*i], true) {
                return None;
            }
            Some(tiles.insert_pane(key))
        }
        PaneLayout::Row(parts) => linear(parts, LinearDir::Horizontal, tiles),
        PaneLayout::Column(parts) => linear(parts, LinearDir::Vertical, tiles),
        PaneLayout::Tabs { children, active } => {
            let ids = children
                .iter()
                .map(|c| build(tiles, c, keys, used))
                .collect::<Option<Vec<_>>>()?;
            let mut tabs = egui_tiles::Tabs::new(ids.clone());
            if let Some(&shown) = ids.get(*active) {
                tabs.set_active(shown);
            }
            Some(tiles.insert_container(tabs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_adds_removes_and_reorders_panes() {
        let mut t = PaneTiles::default();
        t.sync(&[1, 2]);
        assert_eq!(t.order(), [1, 2]);
        t.sync(&[1, 2, 3]);
        assert_eq!(t.order(), [1, 2, 3]);
        t.sync(&[3, 1, 2]);
        assert_eq!(t.order(), [3, 1, 2]);
        t.sync(&[3, 2]);
        assert_eq!(t.order(), [3, 2]);
        t.sync(&[]);
        assert_eq!(t.order(), Vec::<PaneKey>::new());
        t.sync(&[7]);
        assert_eq!(t.order(), [7]);
    }

    #[test]
    fn a_layout_round_trips_with_its_shares_and_nesting() {
        let layout = PaneLayout::Row(vec![
            (600, PaneLayout::Pane(1)),
            (
                400,
                PaneLayout::Column(vec![(500, PaneLayout::Pane(0)), (500, PaneLayout::Pane(2))]),
            ),
        ]);
        let keys = [10, 11, 12];
        let t = PaneTiles::from_layout(Some(&layout), &keys);
        assert_eq!(t.order(), [11, 10, 12]);
        assert_eq!(t.to_layout(&keys), Some(layout));
    }

    #[test]
    fn a_layout_that_names_a_pane_twice_or_misses_one_falls_back_to_a_row() {
        let twice = PaneLayout::Row(vec![(500, PaneLayout::Pane(0)), (500, PaneLayout::Pane(0))]);
        let t = PaneTiles::from_layout(Some(&twice), &[1, 2]);
        assert_eq!(t.order(), [1, 2]);
        let missing = PaneLayout::Pane(5);
        let t = PaneTiles::from_layout(Some(&missing), &[1, 2]);
        assert_eq!(t.order(), [1, 2]);
        assert_eq!(
            t.to_layout(&[1, 2]),
            Some(PaneLayout::Row(vec![
                (500, PaneLayout::Pane(0)),
                (500, PaneLayout::Pane(1))
            ]))
        );
    }

    #[test]
    fn columns_count_the_panes_side_by_side() {
        let layout = PaneLayout::Row(vec![
            (500, PaneLayout::Pane(0)),
            (
                500,
                PaneLayout::Column(vec![(500, PaneLayout::Pane(1)), (500, PaneLayout::Pane(2))]),
            ),
        ]);
        assert_eq!(
            PaneTiles::from_layout(Some(&layout), &[1, 2, 3]).columns(),
            2
        );
        let mut t = PaneTiles::default();
        assert_eq!(t.columns(), 0);
        t.sync(&[1, 2, 3]);
        assert_eq!(t.columns(), 3);
    }

    #[test]
    fn tabs_keep_their_active_pane() {
        let layout = PaneLayout::Tabs {
            children: vec![PaneLayout::Pane(0), PaneLayout::Pane(1)],
            active: 1,
        };
        let t = PaneTiles::from_layout(Some(&layout), &[4, 5]);
        assert_eq!(t.to_layout(&[4, 5]), Some(layout));
    }
}
