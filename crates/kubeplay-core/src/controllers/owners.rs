//! ownerReference helpers shared by the controllers: who controls an object, making a controller
//! reference the way `metav1.NewControllerRef` does, and a pod from a template (GetPodFromTemplate).

use crate::api::{Kind, ObjKey, Object};
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

/// The key of `obj`'s controller (the ownerReference with `controller: true`) if it is of `kind`.
pub(crate) fn controller_of(obj: &Object, kind: Kind) -> Option<ObjKey> {
    let r = obj.meta().owner_references.iter().flatten().find(|r| r.controller == Some(true))?;
    (r.kind == kind.info().name).then(|| ObjKey::new(kind, obj.namespace(), &r.name))
}

/// `metav1.NewControllerRef(owner, gvk)`: controller and blockOwnerDeletion both true.
pub(crate) fn controller_ref(owner: &Object) -> OwnerReference {
    let kind = owner.kind();
    OwnerReference {
        api_version: kind.api_version().to_string(),
        kind: kind.info().name.to_string(),
        name: owner.name().to_string(),
        uid: owner.uid().to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// Whether `obj` is controlled by the object with `uid`.
pub(crate) fn is_controlled_by(obj: &Object, uid: &str) -> bool {
    obj.meta().owner_references.iter().flatten().any(|r| r.controller == Some(true) && r.uid == uid)
}

/// controller.GetPodFromTemplate: labels, annotations and finalizers from the template,
/// `generateName: <owner>-`, a controller reference to `owner`, the template's spec.
pub(crate) fn pod_from_template(owner: &Object, template: &core::PodTemplateSpec) -> core::Pod {
    // Only these three fields of the template's metadata are copied.
    let tm = template.metadata.as_ref();
    core::Pod {
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", owner.name())),
            namespace: Some(owner.namespace().to_string()),
            labels: tm.and_then(|m| m.labels.clone()),
            annotations: tm.and_then(|m| m.annotations.clone()),
            finalizers: tm.and_then(|m| m.finalizers.clone()),
            owner_references: Some(vec![controller_ref(owner)]),
            ..Default::default()
        },
        spec: template.spec.clone(),
        status: None,
    }
}
