//! `kubectl describe` for PersistentVolumeClaim, PersistentVolume, StorageClass, PriorityClass,
//! Namespace and ServiceAccount (describePersistentVolumeClaim, describePersistentVolume,
//! describeStorageClass, describePriorityClass, describeNamespace, describeServiceAccount).

use super::describe_fmt::{self as f, Tab};
use super::printers_storage::access_modes;
use super::Ctx;
use crate::api::{Kind, Object};
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::storage::v1 as storage;
use std::collections::BTreeMap;

fn finalizers(o: &Object) -> String {
    format!("[{}]", o.meta().finalizers.clone().unwrap_or_default().join(" "))
}

fn status(w: &mut Tab, ctx: &Ctx, o: &Object, phase: Option<&str>) {
    match &o.meta().deletion_timestamp {
        Some(t) => w.w(0, &format!("Status:\tTerminating (lasts {})\n", f::since(ctx.sim.cluster.now, Some(t)))),
        None => w.w(0, &format!("Status:\t{}\n", phase.unwrap_or(""))),
    }
}

pub fn pvc(ctx: &Ctx, o: &Object, c: &core::PersistentVolumeClaim) -> String {
    let spec = c.spec.clone().unwrap_or_default();
    let st = c.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    w.w(0, &format!("StorageClass:\t{}\n", spec.storage_class_name.clone().unwrap_or_default()));
    status(&mut w, ctx, o, st.phase.as_deref());
    let volume = spec.volume_name.clone().unwrap_or_default();
    w.w(0, &format!("Volume:\t{volume}\n"));
    f::labels(&mut w, "Labels", c.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", c.metadata.annotations.as_ref());
    w.w(0, &format!("Finalizers:\t{}\n", finalizers(o)));
    // Capacity and access modes are the bound volume's, blank until bound.
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (st.capacity.as_ref().and_then(|m| m.get("storage")).map(|q| q.0.clone()).unwrap_or_default(), access_modes(st.access_modes.as_deref().unwrap_or(&[])))
    };
    w.w(0, &format!("Capacity:\t{capacity}\n"));
    w.w(0, &format!("Access Modes:\t{modes}\n"));
    if let Some(m) = &spec.volume_mode {
        w.w(0, &format!("VolumeMode:\t{m}\n"));
    }
    if let Some(ds) = &spec.data_source {
        w.w(0, "DataSource:\n");
        if let Some(g) = &ds.api_group {
            w.w(1, &format!("APIGroup:\t{g}\n"));
        }
        w.w(1, &format!("Kind:\t{}\n", ds.kind));
        w.w(1, &format!("Name:\t{}\n", ds.name));
    }
    // getPodsForPVC: pods with a volume naming the claim, plus pods owning it; sorted by name.
    let mut users: Vec<String> = ctx
        .sim
        .cluster
        .store
        .list(Kind::Pod, Some(o.namespace()))
        .filter(|p| {
            let uses = matches!(p, Object::Pod(pod) if pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()).any(|v| v.persistent_volume_claim.as_ref().is_some_and(|pc| pc.claim_name == o.name())));
            uses || o.meta().owner_references.iter().flatten().any(|r| r.kind == "Pod" && r.uid == p.uid())
        })
        .map(|p| p.name().to_string())
        .collect();
    users.sort();
    w.w(0, "Used By:\t");
    if users.is_empty() {
        w.w(0, "<none>\n");
    }
    for (i, u) in users.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{u}\n"));
    }
    if let Some(cs) = st.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n");
        w.w(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
        w.w(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
        let z = k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(k8s_openapi::jiff::Timestamp::from_second(-62_135_596_800).unwrap_or_default());
        for c in cs {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    f::rfc1123z(c.last_probe_time.as_ref().unwrap_or(&z)),
                    f::rfc1123z(c.last_transition_time.as_ref().unwrap_or(&z)),
                    c.reason.clone().unwrap_or_default(),
                    c.message.clone().unwrap_or_default()
                ),
            );
        }
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

pub fn pv(ctx: &Ctx, o: &Object, v: &core::PersistentVolume) -> String {
    let spec = v.spec.clone().unwrap_or_default();
    let st = v.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    w.w(0, &format!("Name:\t{}\n", o.name()));
    f::labels(&mut w, "Labels", v.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", v.metadata.annotations.as_ref());
    w.w(0, &format!("Finalizers:\t{}\n", finalizers(o)));
    w.w(0, &format!("StorageClass:\t{}\n", spec.storage_class_name.clone().unwrap_or_default()));
    status(&mut w, ctx, o, st.phase.as_deref());
    let claim = spec.claim_ref.as_ref().map(|r| format!("{}/{}", r.namespace.clone().unwrap_or_default(), r.name.clone().unwrap_or_default())).unwrap_or_default();
    w.w(0, &format!("Claim:\t{claim}\n"));
    w.w(0, &format!("Reclaim Policy:\t{}\n", spec.persistent_volume_reclaim_policy.clone().unwrap_or_default()));
    w.w(0, &format!("Access Modes:\t{}\n", access_modes(spec.access_modes.as_deref().unwrap_or(&[]))));
    if let Some(m) = &spec.volume_mode {
        w.w(0, &format!("VolumeMode:\t{m}\n"));
    }
    w.w(0, &format!("Capacity:\t{}\n", spec.capacity.as_ref().and_then(|c| c.get("storage")).map(|q| q.0.clone()).unwrap_or_else(|| "0".into())));
    w.w(0, "Node Affinity:\t");
    match spec.node_affinity.as_ref().and_then(|a| a.required.as_ref()) {
        None => w.w(0, "<none>\n"),
        Some(req) => {
            w.w(0, "\n");
            w.w(1, "Required Terms:\t");
            if req.node_selector_terms.is_empty() {
                w.w(0, "<none>\n");
            } else {
                w.w(0, "\n");
                for (i, term) in req.node_selector_terms.iter().enumerate() {
                    let exprs = term.match_expressions.clone().unwrap_or_default();
                    w.w(2, &format!("Term {i}:\t"));
                    if exprs.is_empty() {
                        w.w(0, "<none>\n");
                    }
                    for (j, e) in exprs.iter().enumerate() {
                        if j != 0 {
                            w.w(2, "\t");
                        }
                        let mut s = format!("{} {}", e.key, e.operator.to_lowercase());
                        if let Some(vals) = e.values.as_ref().filter(|v| !v.is_empty()) {
                            s.push_str(&format!(" [{}]", vals.join(", ")));
                        }
                        w.w(0, &format!("{s}\n"));
                    }
                }
            }
        }
    }
    w.w(0, &format!("Message:\t{}\n", st.message.clone().unwrap_or_default()));
    w.w(0, "Source:\n");
    if let Some(h) = &spec.host_path {
        w.w(2, &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n", h.path, h.type_.clone().unwrap_or_else(|| "<none>".into())));
    } else if let Some(l) = &spec.local {
        w.w(2, &format!("Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n", l.path));
    } else if let Some(n) = &spec.nfs {
        w.w(2, &format!("Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n", n.server, n.path, n.read_only.unwrap_or(false)));
    } else {
        w.w(1, "<unknown>\n");
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

/// labels.FormatLabels: `k=v,k2=v2` sorted, `<none>` when empty.
fn format_labels(m: Option<&BTreeMap<String, String>>) -> String {
    let s: Vec<String> = m.into_iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
    if s.is_empty() { "<none>".into() } else { s.join(",") }
}

pub fn storage_class(ctx: &Ctx, o: &Object, sc: &storage::StorageClass) -> String {
    let mut w = Tab::default();
    w.w(0, &format!("Name:\t{}\n", o.name()));
    let ann = sc.metadata.annotations.clone().unwrap_or_default();
    let default = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"].iter().any(|k| ann.get(*k).map(String::as_str) == Some("true"));
    w.w(0, &format!("IsDefaultClass:\t{}\n", if default { "Yes" } else { "No" }));
    w.w(0, &format!("Annotations:\t{}\n", format_labels(sc.metadata.annotations.as_ref())));
    w.w(0, &format!("Provisioner:\t{}\n", sc.provisioner));
    w.w(0, &format!("Parameters:\t{}\n", format_labels(sc.parameters.as_ref())));
    w.w(0, &format!("AllowVolumeExpansion:\t{}\n", sc.allow_volume_expansion.map_or("<unset>", |b| if b { "True" } else { "False" })));
    match sc.mount_options.as_ref().filter(|m| !m.is_empty()) {
        None => w.w(0, "MountOptions:\t<none>\n"),
        Some(opts) => {
            w.w(0, "MountOptions:\n");
            for opt in opts {
                w.w(1, &format!("{opt}\n"));
            }
        }
    }
    if let Some(r) = &sc.reclaim_policy {
        w.w(0, &format!("ReclaimPolicy:\t{r}\n"));
    }
    if let Some(m) = &sc.volume_binding_mode {
        w.w(0, &format!("VolumeBindingMode:\t{m}\n"));
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

/// describePriorityClass.
pub fn priority_class(ctx: &Ctx, o: &Object, pc: &k8s_openapi::api::scheduling::v1::PriorityClass) -> String {
    let mut w = Tab::default();
    w.w(0, &format!("Name:\t{}\n", o.name()));
    w.w(0, &format!("Value:\t{}\n", pc.value));
    w.w(0, &format!("GlobalDefault:\t{}\n", pc.global_default.unwrap_or(false)));
    w.w(0, &format!("PreemptionPolicy:\t{}\n", pc.preemption_policy.as_deref().unwrap_or("")));
    w.w(0, &format!("Description:\t{}\n", pc.description.as_deref().unwrap_or("")));
    w.w(0, &format!("Annotations:\t{}\n", format_labels(pc.metadata.annotations.as_ref())));
    f::events(&mut w, ctx, o);
    w.finish()
}

pub fn namespace(o: &Object, n: &core::Namespace) -> String {
    let mut w = Tab::default();
    w.w(0, &format!("Name:\t{}\n", o.name()));
    f::labels(&mut w, "Labels", n.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", n.metadata.annotations.as_ref());
    w.w(0, &format!("Status:\t{}\n", n.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_default()));
    if let Some(cs) = n.status.as_ref().and_then(|s| s.conditions.as_ref()).filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n");
        w.w(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
        w.w(1, "----\t------\t------------------\t------\t-------\n");
        for c in cs {
            let t = c.last_transition_time.as_ref().map(f::rfc1123z).unwrap_or_default();
            w.w(1, &format!("{}\t{}\t{t}\t{}\t{}\n", c.type_, c.status, c.reason.clone().unwrap_or_default(), c.message.clone().unwrap_or_default()));
        }
    }
    // kubeplay serves neither ResourceQuota nor LimitRange, so both lists are empty.
    w.w(0, "\nNo resource quota.\n");
    w.w(0, "\nNo LimitRange resource.\n");
    w.finish()
}

/// describeServiceAccount as kubectl v1.33 prints it: image pull secrets, mountable secrets (the
/// `secrets` field) and the token Secrets annotated for this account, `(not found)` for references
/// to Secrets that do not exist.
pub fn service_account(ctx: &Ctx, o: &Object, sa: &core::ServiceAccount) -> String {
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    f::labels(&mut w, "Labels", sa.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", sa.metadata.annotations.as_ref());
    let secrets: Vec<&core::Secret> = ctx.sim.cluster.store.list(Kind::Secret, Some(o.namespace())).filter_map(|s| if let Object::Secret(s) = s { Some(s.as_ref()) } else { None }).collect();
    let exists = |name: &str| secrets.iter().any(|s| s.metadata.name.as_deref() == Some(name));
    let tokens: Vec<String> = secrets
        .iter()
        .filter(|s| s.type_.as_deref() == Some("kubernetes.io/service-account-token"))
        .filter(|s| {
            let a = s.metadata.annotations.clone().unwrap_or_default();
            a.get("kubernetes.io/service-account.name").map(String::as_str) == Some(o.name()) && a.get("kubernetes.io/service-account.uid").map(String::as_str) == Some(o.uid())
        })
        .filter_map(|s| s.metadata.name.clone())
        .collect();
    let pull: Vec<String> = sa.image_pull_secrets.iter().flatten().map(|r| r.name.clone()).collect();
    let mountable: Vec<String> = sa.secrets.iter().flatten().map(|r| r.name.clone().unwrap_or_default()).collect();
    // The headers sort as sets.StringKeySet(types).List() sorts them.
    for (header, names, check) in [("Image pull secrets:", pull, true), ("Mountable secrets: ", mountable, true), ("Tokens:            ", tokens, false)] {
        if names.is_empty() {
            w.w(0, &format!("{header}\t<none>\n"));
        }
        for (i, name) in names.iter().enumerate() {
            let prefix = if i == 0 { header } else { "                   " };
            let missing = if check && !exists(name) { " (not found)" } else { "" };
            w.w(0, &format!("{prefix}\t{name}{missing}\n"));
        }
    }
    f::events(&mut w, ctx, o);
    w.finish()
}
