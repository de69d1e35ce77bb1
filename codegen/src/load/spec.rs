//! The spec file format, as serde reads it. `spec/README.md` documents it for curators.
//!
//! Every struct denies unknown fields, so a misspelt key is an error with a position rather
//! than a silently ignored line. Rules that span more than one field (a parameter needs either
//! `use` or `name` + `in`) are checked in `lower`, which knows where each value came from.

use indexmap::IndexMap;
use serde::Deserialize;

/// One spec file: one area of the API, or the shared definitions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The area's name in kebab case (`artifacts`, `self-hosted-runners`, `shared`).
    pub area: String,
    /// The area's title, as the docs name it.
    pub title: String,
    /// The docs page of the area.
    pub docs_url: String,
    /// What the area is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Parameters that operations in any file can `use` by name.
    #[serde(default)]
    pub parameters: IndexMap<String, ParameterSpec>,
    /// Named schemas, referenced with `ref:` from any file.
    #[serde(default)]
    pub schemas: IndexMap<String, TypeSpec>,
    /// The area's operations, in the order the docs list them.
    #[serde(default)]
    pub operations: Vec<OperationSpec>,
    /// The webhook events the area describes, in the order the docs list them.
    #[serde(default)]
    pub webhooks: Vec<WebhookSpec>,
}

/// One webhook event: what GitHub sends (with the `X-GitHub-Event` header naming it) when
/// something happens.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSpec {
    /// The event's name, as the `X-GitHub-Event` header gives it (`workflow_job`).
    pub event: String,
    /// The docs' title of the event.
    pub summary: String,
    /// When GitHub sends the event.
    #[serde(default)]
    pub description: Option<String>,
    /// The event's section of GitHub's docs.
    pub docs_url: String,
    /// The values of the payload's `action` field (`queued`, `completed`), in docs order; none
    /// for an event without one (`ping`).
    #[serde(default)]
    pub actions: Vec<String>,
    /// The payload: an inline object (`type: object`, `properties:`), without `action`, which
    /// `actions:` adds.
    pub payload: TypeSpec,
}

/// One HTTP operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// GitHub's operation name, e.g. `list-artifacts-for-repo`.
    pub name: String,
    /// The docs' title of the operation.
    pub summary: String,
    #[serde(default)]
    /// What the operation does.
    pub description: Option<String>,
    /// Who may call the operation: token scopes, app and fine-grained permissions.
    #[serde(default)]
    pub access: Option<String>,
    /// Where the operation exists, when not everywhere (e.g. GitHub Enterprise only).
    #[serde(default)]
    pub availability: Option<String>,
    /// The operation's section of GitHub's docs.
    pub docs_url: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, e.g. `/repos/{owner}/{repo}/actions/artifacts`.
    pub path: String,
    #[serde(default)]
    /// Path, query and header parameters.
    pub parameters: Vec<ParameterSpec>,
    #[serde(default)]
    /// The JSON request body: an object, inline or by `ref`.
    pub request_body: Option<TypeSpec>,
    /// An example request body from the docs.
    #[serde(default)]
    pub request_example: Option<serde_json::Value>,
    /// Documented responses by status code.
    pub responses: IndexMap<u16, ResponseSpec>,
    #[serde(default)]
    /// Which field of the response holds a page's items, for list operations.
    pub pagination: Option<PaginationSpec>,
    /// A `Client` method that polls this operation until the answer is finished
    /// (`wait_for_run` polls `get-workflow-run` until its `status` is `completed`).
    #[serde(default)]
    pub wait: Option<WaitSpec>,
    /// The rate-limit resource the operation counts against, when not the one its path says
    /// (`core`; `search` under `/search/`): `actions_runner_registration` for the runner
    /// registration and removal tokens.
    #[serde(default)]
    pub rate_limit_resource: Option<String>,
    /// Optional body fields that one setter sets together from an object (`image` sets
    /// `image_id`, `image_source` and `image_version` from a `RunnerImage`), so that a value
    /// the API spells flat in one body and nested in another is one type for the caller.
    #[serde(default)]
    pub setter_groups: Vec<SetterGroupSpec>,
}

/// One setter for several optional body fields, taking an object (see
/// [`OperationSpec::setter_groups`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetterGroupSpec {
    /// The setter's name (`image`); the fields' own setters are left out.
    pub setter: String,
    /// The object it takes, a named schema (`runner-image`).
    #[serde(rename = "ref")]
    pub reference: String,
    /// Each body field (`image_id`) and the field of the object it takes its value from (`id`).
    pub fields: IndexMap<String, String>,
    /// What the setter sets.
    pub description: String,
}

/// A wait built on a `GET` operation: poll it until a field of the answer has a value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitSpec {
    /// The `Client` method, e.g. `wait_for_run`.
    pub method: String,
    /// What is waited for, in messages: `workflow run` (then its id and repository).
    pub what: String,
    /// A field of the answer, a string enum, and the value that means finished.
    pub until: WaitUntilSpec,
}

/// The field and value that end a [`WaitSpec`]'s polling.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitUntilSpec {
    /// The field of the answer (a string enum).
    pub field: String,
    /// The enum value that means finished.
    pub value: String,
}

/// The HTTP methods the Actions API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

/// A parameter, either defined here or `use`d from a file's `parameters:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterSpec {
    /// The name of a shared parameter to use; nothing else may be given with it.
    #[serde(default, rename = "use")]
    pub use_shared: Option<String>,
    /// The name on the wire. Under `parameters:` the map key is the default.
    #[serde(default)]
    pub name: Option<String>,
    /// The Rust name of the argument or setter, where the wire name would clash with a body
    /// field (a variable's `{name}` in the path beside the `name` that renames it). By default
    /// the wire name in snake case.
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(default, rename = "in")]
    /// `path`, `query` or `header`.
    pub location: Option<ParameterLocation>,
    /// Query and header parameters are optional unless this says otherwise; path parameters
    /// are always required.
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    /// What the parameter means.
    pub description: Option<String>,
    /// The server's default, shown in the docs of the setter.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    #[serde(default, rename = "type")]
    /// The parameter's type.
    pub kind: Option<Kind>,
    #[serde(default)]
    /// A format refining the type.
    pub format: Option<Format>,
    #[serde(default, rename = "enum")]
    /// The values a string parameter may take.
    pub enum_values: Option<Vec<String>>,
    #[serde(default, rename = "ref")]
    /// A named schema as the parameter's type.
    pub reference: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    /// A segment of the path.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
}

/// One documented response status.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// What the status means here.
    pub description: String,
    /// The JSON body, when there is one.
    #[serde(default)]
    pub body: Option<TypeSpec>,
    /// The response is a redirect whose `Location` header is the result (302 downloads).
    #[serde(default)]
    pub redirect: bool,
    /// With several success statuses, the name of the outcome this one means (`created`).
    #[serde(default)]
    pub outcome: Option<String>,
    /// The docs' example body.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// More example bodies (from older docs pages, or other cases the docs show).
    #[serde(default)]
    pub examples: Vec<serde_json::Value>,
}

/// How a list operation pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    /// The field of the response object that holds the page's items.
    pub items: String,
}

/// A type: a named schema, a property, an array's items, a map's values or a body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    #[serde(default, rename = "type")]
    /// `type:` the kind of value.
    pub kind: Option<Kind>,
    #[serde(default)]
    /// `format:` refines a string or integer.
    pub format: Option<Format>,
    #[serde(default, rename = "enum")]
    /// `enum:` the values a string may take.
    pub enum_values: Option<Vec<String>>,
    /// A named schema.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// The element type of an `array`.
    #[serde(default)]
    pub items: Option<Box<TypeSpec>>,
    /// The value type of a `map`; any JSON when left out.
    #[serde(default)]
    pub values: Option<Box<TypeSpec>>,
    /// The fields of an `object`.
    #[serde(default)]
    pub properties: Option<IndexMap<String, TypeSpec>>,
    /// Alternatives, keyed by the variant name they get (a value that is one of several types).
    #[serde(default)]
    pub one_of: Option<IndexMap<String, TypeSpec>>,
    #[serde(default)]
    /// What the value means.
    pub description: Option<String>,
    /// As a property: the field may be missing from the object.
    #[serde(default)]
    pub optional: bool,
    /// As a property: the field may be `null`.
    #[serde(default)]
    pub nullable: bool,
    /// As a named integer or string schema: a Rust type of its own wrapping the value
    /// (`run-id` → `RunId(i64)`), so that one kind of id cannot be passed for another.
    #[serde(default)]
    pub newtype: bool,
    /// As a named schema: its Rust type is written by hand in the runtime crate, under the
    /// same name, because the runtime itself needs it (the secrets round trip's public key).
    /// The models re-export it instead of generating it; the spec still describes it for the
    /// audit, the examples and the docs.
    #[serde(default)]
    pub runtime: bool,
    /// An example value from the docs.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// More example values (from older docs pages, or other cases the docs show).
    #[serde(default)]
    pub examples: Vec<serde_json::Value>,
}

/// The `type:` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Text; with `enum:` a string enum.
    String,
    /// A whole number.
    Integer,
    /// A floating-point number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list (`items:` gives the element type).
    Array,
    /// A struct (`properties:` gives the fields).
    Object,
    /// A free-form JSON object: string keys, values of one type (`values:`) or any JSON.
    Map,
    /// Any JSON value.
    Any,
}

/// The `format:` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// RFC 3339 timestamp, typed as `DateTime<Utc>`.
    DateTime,
    /// A URL (stays a `String`).
    Uri,
    /// An email address (stays a `String`).
    Email,
    /// A 32-bit integer.
    Int32,
    /// A 64-bit integer (the default).
    Int64,
}
