//! A hash index of positions in a list: what makes looking up a property by name, an enum
//! value by its literal, or a duplicate while parsing, cost O(1) instead of a scan of the
//! list (a schema with 600,000 enum values or 150,000 properties is parsed and used in time
//! linear in its size).
//!
//! The index holds positions only (`u32`), not copies of the keys: the caller says how to
//! get the key of the item at a position (`key_at`), usually a borrowed view of the item.

use std::fmt;
use std::hash::{BuildHasher, Hash, RandomState};

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

/// Positions of the items of one list, by the hash of their keys.
#[derive(Clone, Default)]
pub(crate) struct HashIndex {
    table: HashTable<u32>,
    state: RandomState,
}

impl HashIndex {
    /// An empty index with room for `n` positions.
    pub(crate) fn with_capacity(n: usize) -> Self {
        HashIndex {
            table: HashTable::with_capacity(n),
            state: RandomState::new(),
        }
    }

    /// How many positions it holds.
    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    /// The position of the item whose key equals `key`.
    pub(crate) fn find<K: Hash + Eq>(&self, key: K, key_at: impl Fn(usize) -> K) -> Option<usize> {
        let hash = self.state.hash_one(&key);
        self.table
            .find(hash, |&i| key_at(i as usize) == key)
            .map(|&i| i as usize)
    }

    /// Adds position `pos`, whose item's key is `key`, unless an item with an equal key is
    /// there already: then returns that one's position and adds nothing. Positions past
    /// `u32::MAX` are not indexed (no schema gets near: each item is several bytes of JSON,
    /// and files are capped far below 4 GiB).
    pub(crate) fn insert_or_find<K: Hash + Eq>(
        &mut self,
        key: K,
        pos: usize,
        key_at: impl Fn(usize) -> K,
    ) -> Option<usize> {
        let pos = u32::try_from(pos).ok()?;
        let state = &self.state;
        let hash = state.hash_one(&key);
        match self.table.entry(
            hash,
            |&i| key_at(i as usize) == key,
            |&i| state.hash_one(key_at(i as usize)),
        ) {
            Entry::Occupied(e) => Some(*e.get() as usize),
            Entry::Vacant(e) => {
                e.insert(pos);
                None
            }
        }
    }
}

impl fmt::Debug for HashIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HashIndex({} positions)", self.len())
    }
}

/// An index is derived from its list: two lists that are equal have equal indexes, so the
/// structs holding both compare by their lists alone.
impl PartialEq for HashIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_refuses_duplicates() {
        let words = ["a", "b", "a", "c"];
        let mut index = HashIndex::with_capacity(0);
        let mut firsts = Vec::new();
        for (i, w) in words.iter().enumerate() {
            match index.insert_or_find(*w, i, |j| words[j]) {
                None => firsts.push(i),
                Some(first) => assert_eq!((i, first), (2, 0)),
            }
        }
        assert_eq!(firsts, [0, 1, 3]);
        assert_eq!(index.find("c", |j| words[j]), Some(3));
        assert_eq!(index.find("z", |j| words[j]), None);
        assert_eq!(index.len(), 3);
    }
}
