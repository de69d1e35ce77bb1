//! The intermediate model of the API: what `lower` produces and `emit` consumes.
//!
//! Everything here is checked and resolved: references are [`SchemaId`]s into one arena, every
//! Rust name is decided, and order is the spec's order. Emitting is then a plain walk.

use crate::load::spec::HttpMethod;

/// The whole API.
#[derive(Debug)]
pub struct Api {
    /// Areas in the order their files were given (`shared` included).
    pub areas: Vec<Area>,
    /// Every schema, named and synthesised, indexed by [`SchemaId`].
    pub schemas: Vec<Schema>,
    /// Every operation, area by area in spec order.
    pub operations: Vec<Operation>,
    /// Every JSON example in the spec, with the type it illustrates.
    pub examples: Vec<Example>,
}

/// One area of the API, from one spec file.
#[derive(Debug)]
pub struct Area {
    /// The spec name (`self-hosted-runners`).
    pub name: String,
    /// The module name (`self_hosted_runners`).
    pub module: String,
    pub title: String,
    pub docs_url: String,
    pub description: Option<String>,
    /// The spec file, for the header of generated files.
    pub source: String,
}

/// Index of an area in [`Api::areas`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaId(pub usize);

/// Index of a schema in [`Api::schemas`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub usize);

/// A model type.
#[derive(Debug)]
pub struct Schema {
    /// The spec name (`artifact`, or `artifact-workflow-run` for an inline object).
    pub name: String,
    /// The Rust type name (`Artifact`).
    pub rust_name: String,
    pub area: AreaId,
    pub description: Option<String>,
    pub kind: SchemaKind,
}

/// What a schema is.
#[derive(Debug)]
pub enum SchemaKind {
    /// A struct.
    Object(Vec<Field>),
    /// A string enum; decoding keeps values it does not know.
    Enum(Vec<EnumVariant>),
    /// A value that is one of several types (`workflow_id`: an id or a file name).
    OneOf(Vec<OneOfVariant>),
    /// Another name for a type (`type: array` at the top level).
    Alias(Type),
}

/// A field of an object.
#[derive(Debug)]
pub struct Field {
    /// The JSON name.
    pub name: String,
    /// The Rust name (`r#ref` for `ref`).
    pub rust_name: String,
    pub ty: Type,
    /// The field is always present.
    pub required: bool,
    /// The field may be `null`.
    pub nullable: bool,
    pub description: Option<String>,
}

/// A value of a string enum.
#[derive(Debug)]
pub struct EnumVariant {
    pub value: String,
    pub rust_name: String,
}

/// An alternative of a [`SchemaKind::OneOf`].
#[derive(Debug)]
pub struct OneOfVariant {
    pub rust_name: String,
    pub ty: Type,
    pub description: Option<String>,
}

/// A type as it appears in a field, parameter, item or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    Boolean,
    /// `integer`; `int32` when the spec says so, else 64-bit.
    Integer {
        bits32: bool,
    },
    Number,
    String {
        format: StringFormat,
    },
    DateTime,
    /// Any JSON value.
    Any,
    Array(Box<Type>),
    /// A JSON object with string keys.
    Map(Box<Type>),
    Schema(SchemaId),
}

/// Formats of strings that stay `String` in Rust; they show in docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StringFormat {
    Plain,
    Uri,
    Email,
}

/// One operation: one method on `Client` and one request builder.
#[derive(Debug)]
pub struct Operation {
    /// GitHub's name (`list-artifacts-for-repo`).
    pub name: String,
    /// The `Client` method (`list_artifacts_for_repo`).
    pub method_name: String,
    /// The request builder type (`ListArtifactsForRepo`).
    pub builder_name: String,
    pub area: AreaId,
    pub http_method: HttpMethod,
    pub path: PathTemplate,
    pub summary: String,
    pub description: Option<String>,
    pub access: Option<String>,
    pub availability: Option<String>,
    pub docs_url: String,
    /// Path parameters in path order, then the others in spec order.
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub success: Success,
    /// Documented error statuses, for the docs.
    pub errors: Vec<(u16, String)>,
    pub pagination: Option<Pagination>,
}

/// A path such as `/repos/{owner}/{repo}`, split into literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The path as the spec writes it.
    pub raw: String,
    pub segments: Vec<PathSegment>,
}

/// A piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    Parameter(String),
}

/// A path, query or header parameter.
#[derive(Debug)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    /// The Rust name of the argument or setter.
    pub rust_name: String,
    pub location: ParameterLocation,
    pub ty: Type,
    pub required: bool,
    pub default: Option<serde_json::Value>,
    pub description: Option<String>,
}

pub use crate::load::spec::ParameterLocation;

/// A JSON request body: always an object schema, whose required fields become positional
/// arguments and whose optional fields become setters.
#[derive(Debug)]
pub struct RequestBody {
    pub schema: SchemaId,
}

/// What a successful call returns.
#[derive(Debug)]
pub enum Success {
    /// A JSON body.
    Json {
        status: u16,
        ty: Type,
        description: String,
    },
    /// No body (`204 No Content`, `202 Accepted`); the method returns `()`.
    Empty { status: u16, description: String },
    /// A redirect; the method returns its `Location`.
    Redirect { status: u16, description: String },
    /// Several success statuses that mean different things: an enum named after the operation.
    Outcomes {
        rust_name: String,
        outcomes: Vec<Outcome>,
    },
}

/// One case of [`Success::Outcomes`].
#[derive(Debug)]
pub struct Outcome {
    pub status: u16,
    pub rust_name: String,
    pub description: String,
    pub body: Option<Type>,
}

/// How a list operation pages: which field of its response holds the items.
#[derive(Debug)]
pub struct Pagination {
    /// The JSON name of the field.
    pub field: String,
    /// The Rust name of the field.
    pub rust_field: String,
    /// The type of one item.
    pub item: Type,
}

/// A JSON example from the docs, and the type it must decode into.
#[derive(Debug)]
pub struct Example {
    /// A unique, readable name (`get_artifact_200`, `artifact_schema`).
    pub name: String,
    /// Where in the spec it is, for messages (`spec/artifacts.yaml: get-artifact 200`).
    pub origin: String,
    pub ty: Type,
    pub value: serde_json::Value,
}

impl Api {
    /// The schema an id points at.
    pub fn schema(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.0]
    }

    /// The area an id points at.
    pub fn area(&self, id: AreaId) -> &Area {
        &self.areas[id.0]
    }
}
