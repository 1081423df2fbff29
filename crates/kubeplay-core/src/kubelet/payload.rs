//! What the kubelet writes into the volumes it fills itself — configMap, secret, projected and
//! downwardAPI — as AtomicWriter payloads (MakePayload of pkg/volume/configmap and secret), with
//! the SetUp error text when a source is missing, and the filesystem each lives on.

use super::atomic::{Content, Payload};
use super::tree::Medium;
use crate::api::{Kind, ObjKey, Object};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A Secret's or ConfigMap's keys and bytes, shared by every payload made from that version of it.
pub type Data = Rc<BTreeMap<String, Rc<[u8]>>>;

/// The data of the ConfigMaps and Secrets the kubelet read lately, by uid, with the
/// resourceVersion it was read at: every pod of a namespace projects the same `kube-root-ca.crt`,
/// so its bytes are copied out of the object once per version instead of once per pod.
#[derive(Default)]
pub struct SourceCache(BTreeMap<String, (String, Data)>);

/// Bound on `SourceCache` (objects, not versions); past it the cache starts over.
const MAX_SOURCES: usize = 1024;

impl SourceCache {
    /// `obj`'s data (`setup::data_of`), worked out once per version of the object.
    fn data_of(&mut self, obj: &Object) -> Data {
        let (uid, version) = (obj.uid(), obj.meta().resource_version.as_deref().unwrap_or_default());
        if let Some((_, data)) = self.0.get(uid).filter(|(v, _)| !uid.is_empty() && !version.is_empty() && v == version) {
            return data.clone();
        }
        let data: Data = Rc::new(super::setup::data_of(Some(obj)).into_iter().map(|(k, v)| (k, v.into())).collect());
        if !uid.is_empty() && !version.is_empty() {
            if self.0.len() >= MAX_SOURCES {
                self.0.clear();
            }
            self.0.insert(uid.to_string(), (version.to_string(), data.clone()));
        }
        data
    }
}

/// ConfigMaps and Secrets as the kubelet's watch-based manager serves them to one pod. An object
/// marked `immutable: true` is kept from the first read on and never looked up again — the
/// manager stops watching it — so even deleting and re-creating it changes nothing for the pod.
/// (The kubelet's cache is per node and shared while any pod there references the object; here
/// it is per pod, and environment variables read the store.)
pub struct Sources<'a> {
    pub store: &'a Store,
    pub namespace: &'a str,
    pub immutable: &'a mut BTreeMap<ObjKey, Data>,
    /// When the kubelet first saw the pod (status.startTime), Unix seconds: service-account
    /// tokens are issued then.
    pub started_s: i64,
    /// Tokens already issued to the pod, by audience and lifetime: the token manager serves its
    /// cached token (until rotation, which is not modelled), so a deleted ServiceAccount does not
    /// fail the volume's later updates.
    pub tokens: &'a mut BTreeMap<(String, i64), super::atomic::Content>,
    /// The kubelet's copies of the sources' data.
    pub cache: &'a mut SourceCache,
}

impl Sources<'_> {
    /// The object's data, or None when it does not exist.
    pub fn data(&mut self, kind: Kind, name: &str) -> Option<Data> {
        if !self.immutable.is_empty() {
            if let Some(d) = self.immutable.get(&ObjKey::new(kind, self.namespace, name)) {
                return Some(d.clone());
            }
        }
        let obj = self.store.lookup(kind, self.namespace, name)?;
        let data = self.cache.data_of(obj);
        let frozen = match obj {
            Object::ConfigMap(c) => c.immutable == Some(true),
            Object::Secret(s) => s.immutable == Some(true),
            _ => false,
        };
        if frozen {
            self.immutable.insert(ObjKey::new(kind, self.namespace, name), data.clone());
        }
        Some(data)
    }
}

/// The ConfigMaps and Secrets the pod's volumes read (directly or as projected sources).
pub fn sources(pod: &core::Pod, namespace: &str) -> Vec<ObjKey> {
    let mut out = Vec::new();
    for v in pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()) {
        if let Some(s) = &v.secret {
            out.push(ObjKey::new(Kind::Secret, namespace, s.secret_name.as_deref().unwrap_or("")));
        }
        if let Some(cm) = &v.config_map {
            out.push(ObjKey::new(Kind::ConfigMap, namespace, &cm.name));
        }
        for p in v.projected.iter().flat_map(|p| p.sources.iter().flatten()) {
            if let Some(s) = &p.secret {
                out.push(ObjKey::new(Kind::Secret, namespace, &s.name));
            }
            if let Some(cm) = &p.config_map {
                out.push(ObjKey::new(Kind::ConfigMap, namespace, &cm.name));
            }
        }
    }
    out
}

/// The volumes the kubelet writes through the AtomicWriter.
pub fn is_atomic(v: &core::Volume) -> bool {
    v.secret.is_some() || v.config_map.is_some() || v.projected.is_some() || v.downward_api.is_some()
}

/// Volume `v`'s payload and medium (configMap volumes wrap an emptyDir on disk, the others one on
/// tmpfs), or the SetUp error; None for a volume the kubelet does not write.
pub fn of_volume(src: &mut Sources, pod: &core::Pod, v: &core::Volume) -> Option<Result<(Payload, Medium), String>> {
    if let Some(s) = &v.secret {
        let name = s.secret_name.clone().unwrap_or_default();
        let r = source(src, Kind::Secret, &name, s.items.as_deref(), s.default_mode, s.optional == Some(true));
        return Some(r.map(|p| (p, Medium::Memory)));
    }
    if let Some(cm) = &v.config_map {
        let r = source(src, Kind::ConfigMap, &cm.name, cm.items.as_deref(), cm.default_mode, cm.optional == Some(true));
        return Some(r.map(|p| (p, Medium::Disk)));
    }
    if let Some(p) = &v.projected {
        return Some(super::projected::payload(src, pod, p).map(|p| (p, Medium::Memory)));
    }
    let d = v.downward_api.as_ref()?;
    Some(Ok((super::projected::downward(pod, d.items.as_deref().unwrap_or(&[]), d.default_mode), Medium::Memory)))
}

/// A Secret or ConfigMap source: fetched (a missing optional one is empty), then MakePayload —
/// every key at `defaultMode` (0644 unless set), or the listed items at their paths and modes.
pub fn source(src: &mut Sources, kind: Kind, name: &str, items: Option<&[core::KeyToPath]>, default_mode: Option<i32>, optional: bool) -> Result<Payload, String> {
    let mut payload = Payload::new();
    source_into(src, &mut payload, kind, name, items, default_mode, optional)?;
    Ok(payload)
}

/// `source`, adding the files to `payload`.
pub fn source_into(src: &mut Sources, payload: &mut Payload, kind: Kind, name: &str, items: Option<&[core::KeyToPath]>, default_mode: Option<i32>, optional: bool) -> Result<(), String> {
    let what = if kind == Kind::Secret { "secret" } else { "configmap" };
    let data = match src.data(kind, name) {
        Some(d) => d,
        None if optional => Data::default(),
        None => return Err(format!("{what} \"{name}\" not found")),
    };
    let mode = default_mode.unwrap_or(0o644) as u32;
    match items.filter(|i| !i.is_empty()) {
        None => {
            for (k, d) in data.iter() {
                payload.insert(k.clone(), (Content::Shared(d.clone()), mode));
            }
        }
        Some(items) => {
            for it in items {
                match data.get(&it.key) {
                    Some(d) => {
                        payload.insert(it.path.clone(), (Content::Shared(d.clone()), it.mode.map_or(mode, |m| m as u32)));
                    }
                    None if optional => {}
                    None if kind == Kind::Secret => return Err(format!("references non-existent secret key: {}", it.key)),
                    None => return Err(format!("configmap references non-existent config key: {}", it.key)),
                }
            }
        }
    }
    Ok(())
}
