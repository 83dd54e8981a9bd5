//! Geometric image transforms over whole NHWC batches, for the augmentation layers
//! (RandomRotation, RandomZoom, RandomTranslation): [`warp`].

pub mod warp;
