//! The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go). Not written yet: it watches nothing and
//! reconciles nothing, so objects of its kind are stored but never acted on.

use super::Reconciled;
use crate::api::{ObjKey, Object};
use crate::clock::SimTime;
use crate::store::Store;

pub fn watch(_store: &Store, _obj: &Object) -> Vec<ObjKey> {
    vec![]
}

pub fn reconcile(_store: &Store, _key: &ObjKey, _now: SimTime) -> Reconciled {
    Reconciled::default()
}
