//! The object store: a BTreeMap of typed objects keyed by (kind, namespace, name). Read access is
//! public; mutation is crate-private and happens only through `Cluster::write` (the one write path).

use crate::api::{Kind, ObjKey, Object};
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone)]
pub struct Store {
    objects: BTreeMap<ObjKey, Object>,
    resource_version: u64,
}

impl Store {
    pub fn get(&self, key: &ObjKey) -> Option<&Object> {
        self.objects.get(key)
    }

    /// Objects of `kind`, in `namespace` (all namespaces when `None`), sorted by namespace then name.
    pub fn list<'a>(&'a self, kind: Kind, namespace: Option<&'a str>) -> impl Iterator<Item = &'a Object> + 'a {
        let namespace = if kind.namespaced() { namespace } else { None };
        let start = ObjKey { kind, namespace: namespace.unwrap_or("").to_string(), name: String::new() };
        self.objects
            .range(start..)
            .take_while(move |(k, _)| k.kind == kind && namespace.is_none_or(|ns| k.namespace == ns))
            .map(|(_, o)| o)
    }

    /// Every object, in key order.
    pub fn all(&self) -> impl Iterator<Item = &Object> {
        self.objects.values()
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    pub(crate) fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    pub(crate) fn put(&mut self, obj: Object) {
        self.objects.insert(obj.key(), obj);
    }

    pub(crate) fn remove(&mut self, key: &ObjKey) -> Option<Object> {
        self.objects.remove(key)
    }
}
