//! hearth-edge
