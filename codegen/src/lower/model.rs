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
    /// Every webhook event, area by area in spec order.
    pub webhooks: Vec<Webhook>,
}

/// One webhook event: a variant of the generated `WebhookEvent` and its payload's struct.
#[derive(Debug)]
pub struct Webhook {
    /// The `X-GitHub-Event` name (`workflow_job`).
    pub event: String,
    /// The variant of `WebhookEvent` (`WorkflowJob`).
    pub variant: String,
    /// The area whose models file holds the payload.
    pub area: AreaId,
    /// The docs' title.
    pub summary: String,
    /// When GitHub sends it.
    pub description: Option<String>,
    /// Its section of GitHub's docs.
    pub docs_url: String,
    /// The payload's struct (`WorkflowJobEvent`); its first field is `action` when the event
    /// has actions.
    pub payload: SchemaId,
    /// The open enum of the payload's `action` (`WorkflowJobAction`), when it has one.
    pub action: Option<SchemaId>,
}

/// One area of the API, from one spec file.
#[derive(Debug)]
pub struct Area {
    /// The spec name (`self-hosted-runners`).
    pub name: String,
    /// The module name (`self_hosted_runners`).
    pub module: String,
    /// The docs' title of the area.
    pub title: String,
    /// The area's docs page.
    pub docs_url: String,
    /// What the area is for.
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
    /// The area whose models file holds it.
    pub area: AreaId,
    /// What the type is, from the spec.
    pub description: Option<String>,
    /// Struct, enum, one-of or alias.
    pub kind: SchemaKind,
    /// Written by hand in the runtime crate under `rust_name` (`runtime: true`): re-exported,
    /// not generated.
    pub in_runtime: bool,
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
    /// A type of its own wrapping an integer or a string (`RunId(i64)`), encoded as the value.
    Newtype(Type),
}

/// A field of an object.
#[derive(Debug)]
pub struct Field {
    /// The JSON name.
    pub name: String,
    /// The Rust name (`type_` for `type`: see `ident::field`).
    pub rust_name: String,
    /// The field's type (without the `Option`s that `required`/`nullable` add).
    pub ty: Type,
    /// The field is always present.
    pub required: bool,
    /// The field may be `null`.
    pub nullable: bool,
    /// The value is stored behind a `Box`: its type is a large object (see
    /// `lower::box_large_members`), which would otherwise make this one large too.
    pub boxed: bool,
    /// What the field means.
    pub description: Option<String>,
}

/// A value of a string enum.
#[derive(Debug)]
pub struct EnumVariant {
    /// The value as GitHub sends it.
    pub value: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// An alternative of a [`SchemaKind::OneOf`].
#[derive(Debug)]
pub struct OneOfVariant {
    /// The alternative's name in the spec (the key under `one_of:`).
    pub name: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// The alternative's type.
    pub ty: Type,
    /// Whether it is held in a `Box` (an object: see `lower::box_large_members`).
    pub boxed: bool,
    /// What the alternative means.
    pub description: Option<String>,
}

/// A type as it appears in a field, parameter, item or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`.
    Boolean,
    /// `integer`; `int32` when the spec says so, else 64-bit.
    Integer {
        /// `i32` when set, else `i64`.
        bits32: bool,
    },
    /// `f64`.
    Number,
    /// Text, `String`.
    String {
        /// What kind of string it is (for docs).
        format: StringFormat,
    },
    /// `DateTime<Utc>`.
    DateTime,
    /// Any JSON value.
    Any,
    /// `Vec<T>`.
    Array(Box<Type>),
    /// A JSON object with string keys.
    Map(Box<Type>),
    /// A model type.
    Schema(SchemaId),
}

/// Formats of strings that have no Rust type of their own (unlike `date-time`); they show in
/// docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StringFormat {
    /// Any text.
    Plain,
    /// A URL.
    Uri,
    /// An email address.
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
    /// The area whose operations file holds it.
    pub area: AreaId,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path, parsed.
    pub path: PathTemplate,
    /// The docs' title.
    pub summary: String,
    /// What it does.
    pub description: Option<String>,
    /// Who may call it.
    pub access: Option<String>,
    /// Where it exists, when not everywhere.
    pub availability: Option<String>,
    /// Its section of GitHub's docs.
    pub docs_url: String,
    /// Path parameters in path order, then the others in spec order.
    pub parameters: Vec<Parameter>,
    /// The JSON request body, if any.
    pub body: Option<RequestBody>,
    /// What a successful call returns.
    pub success: Success,
    /// Documented error statuses, for the docs.
    pub errors: Vec<(u16, String)>,
    /// How the list pages, for list operations.
    pub pagination: Option<Pagination>,
    /// A `Client` method that polls this operation until its answer is finished.
    pub wait: Option<Wait>,
    /// The rate-limit resource it counts against, when the spec names one.
    pub rate_limit_resource: Option<String>,
    /// Setters that set several optional body fields from one object (`setter_groups:`).
    pub setter_groups: Vec<SetterGroup>,
}

/// One setter for several optional body fields, from the fields of an object.
#[derive(Debug)]
pub struct SetterGroup {
    /// The setter's name (`image`).
    pub setter: String,
    /// The object it takes.
    pub object: SchemaId,
    /// Each body field's Rust name and the object field's Rust name it is set from, with
    /// whether the object's field is required (else it is an `Option` already).
    pub fields: Vec<(String, String, bool)>,
    /// What the setter sets.
    pub description: String,
}

/// A method that polls an operation until a field of its answer has a value (`wait:`).
#[derive(Debug)]
pub struct Wait {
    /// The `Client` method (`wait_for_run`).
    pub method_name: String,
    /// What is waited for, in messages (`workflow run`).
    pub what: String,
    /// The answer's type.
    pub ty: Type,
    /// The Rust name of the answer's field.
    pub field: String,
    /// The field may be absent or `null` (an `Option`).
    pub optional: bool,
    /// The enum type of the field.
    pub enum_type: Type,
    /// The Rust name of the variant that means finished.
    pub variant: String,
}

/// A path such as `/repos/{owner}/{repo}`, split into literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The path as the spec writes it.
    pub raw: String,
    /// The literal text and parameters, in order.
    pub segments: Vec<PathSegment>,
}

/// A piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text copied as it is.
    Literal(String),
    /// A path parameter, by its name.
    Parameter(String),
}

/// A path, query or header parameter.
#[derive(Debug)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    /// The Rust name of the argument or setter.
    pub rust_name: String,
    /// Path, query or header.
    pub location: ParameterLocation,
    /// The parameter's type.
    pub ty: Type,
    /// Whether it is a positional argument (else a setter).
    pub required: bool,
    /// GitHub's default, for the setter's docs.
    pub default: Option<serde_json::Value>,
    /// What the parameter means.
    pub description: Option<String>,
}

pub use crate::load::spec::ParameterLocation;

/// A JSON request body: always an object schema, whose required fields become positional
/// arguments and whose optional fields become setters.
#[derive(Debug)]
pub struct RequestBody {
    /// The object schema of the body.
    pub schema: SchemaId,
}

/// What a successful call returns.
#[derive(Debug)]
pub enum Success {
    /// A JSON body.
    Json {
        /// The success status.
        status: u16,
        /// The body's type.
        ty: Type,
        /// What the status means.
        description: String,
    },
    /// No body (`204 No Content`, `202 Accepted`); the method returns `()`.
    Empty {
        /// The success status.
        status: u16,
        /// What the status means.
        description: String,
    },
    /// A redirect; the method returns its `Location`.
    Redirect {
        /// The redirect status (302).
        status: u16,
        /// What the status means.
        description: String,
    },
    /// Several success statuses that mean different things: an enum named after the operation.
    Outcomes {
        /// The enum's Rust name: the operation's own (`…Outcome`), or the runtime's
        /// [`CREATED_OR_UPDATED`] (`shared`).
        rust_name: String,
        /// The enum is the runtime's `CreatedOrUpdated`, which operations whose outcomes are
        /// exactly `created` and `updated` (without bodies) share: not generated.
        shared: bool,
        /// One case per success status.
        outcomes: Vec<Outcome>,
    },
}

/// The runtime's outcome enum that operations share (see [`Success::Outcomes`]): `Created`
/// and `Updated`, also answered by the secret round trips.
pub const CREATED_OR_UPDATED: &str = "CreatedOrUpdated";

/// One case of [`Success::Outcomes`].
#[derive(Debug)]
pub struct Outcome {
    /// The status code.
    pub status: u16,
    /// The Rust variant name.
    pub rust_name: String,
    /// What the status means.
    pub description: String,
    /// The body, when the status has one.
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
    /// The type the example must decode into.
    pub ty: Type,
    /// The example itself.
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
