//! Stage 5, after every operation is lowered: passes over the lowered IR that decide from
//! how types are used, run by `build` on the IR of the included operations, before
//! `finish` merges enums.
//!
//! Lowering defines each type once and never changes it; what depends on where a type is
//! used is decided here, after every operation is lowered:
//!
//! - [`mark_query`]: a struct a query object holds (through fields, union variants, lists
//!   and maps) is sent in a query string too, so it gets `ToQuery` (`Struct::query`). The
//!   query objects themselves (the structs of folded bracket/deepObject trees) are defined
//!   with `query` set; a struct a top-level query parameter names directly is not marked
//!   (it is sent as JSON).
//! - [`mark_page_meta`]: the metadata struct of every `Response::Page` gets the configured
//!   member names (`Struct::page_meta`). Lowering only returns `Response::Page` after reading
//!   the defined struct (see `Builder::is_page_meta`), so every page's metadata qualifies.
//!
//! Only included operations are in the IR, so a skipped operation marks nothing.

use crate::config::Pagination;
use crate::ir::{Api, PageMetaNames, Response, TypeDef, TypeId, TypeRef};
use std::collections::BTreeSet;

/// Sets `Struct::query` on every struct a query object holds, directly or through other
/// structs, union variants, lists and maps.
pub(super) fn mark_query(api: &mut Api) {
    let roots = api.types.values().flat_map(|def| match def {
        TypeDef::Struct(s) if s.query => s.fields.as_slice(),
        _ => &[],
    });
    let mark: Vec<TypeId> = api
        .reachable(roots.map(|f| &f.ty))
        .into_iter()
        .filter(|n| matches!(api.types.get(n), Some(TypeDef::Struct(_))))
        .collect();
    for id in mark {
        if let Some(TypeDef::Struct(s)) = api.types.get_mut(&id) {
            s.query = true;
        }
    }
}

/// Sets `Struct::page_meta` on the metadata struct of every paginated response.
pub(super) fn mark_page_meta(api: &mut Api, pagination: Option<&Pagination>) {
    let Some(p) = pagination else { return };
    let metas: BTreeSet<TypeId> = api
        .resources
        .values()
        .flat_map(|r| r.operations.values())
        .filter_map(|op| match &op.response {
            Response::Page {
                meta: TypeRef::Named(n),
                ..
            } => Some(*n),
            _ => None,
        })
        .collect();
    for id in metas {
        if let Some(TypeDef::Struct(s)) = api.types.get_mut(&id) {
            s.page_meta = Some(PageMetaNames {
                page_number: p.meta_page_number.clone(),
                total_pages: p.meta_total_pages.clone(),
                page_size: p.meta_page_size.clone(),
                total_results: p.meta_total_results.clone(),
            });
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::panic)]
mod tests {
    use crate::Generated;
    use crate::ir::TypeDef;

    fn lower(spec: &str, config: &str) -> Generated {
        let config = crate::Config::parse(config).expect("config");
        crate::generate(spec.as_bytes(), &config, None).expect("generation")
    }

    fn is_query(g: &Generated, name: &str) -> bool {
        match g.type_def(name) {
            Some(TypeDef::Struct(s)) => s.query,
            other => panic!("`{name}` is not a struct: {other:?}"),
        }
    }

    #[test]
    fn structs_a_query_object_holds_are_sent_in_the_query_and_others_are_not() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      operationId: list
      tags: [x]
      parameters:
        - {name: 'filter[range]', in: query, schema: {$ref: '#/components/schemas/Range'}}
        - {name: 'filter[either]', in: query, schema: {oneOf: [{$ref: '#/components/schemas/Left'}, {type: string}]}}
        - {name: direct, in: query, schema: {$ref: '#/components/schemas/Direct'}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Body'}}}
components:
  schemas:
    Range:
      type: object
      properties:
        bounds: {type: array, items: {type: object, properties: {lo: {type: integer}}}}
    Left: {type: object, properties: {l: {type: string}}}
    Direct: {type: object, properties: {d: {type: string}}}
    Body: {type: object, properties: {b: {type: string}}}
"##;
        let api = lower(spec, "select:\n  all: true\n");
        // The query object, what it holds through a list, and a union variant.
        for name in ["XListFilter", "Range", "RangeBoundsItem", "Left"] {
            assert!(is_query(&api, name), "{name} should be sent in the query");
        }
        // A struct a parameter names directly is sent as JSON; a response type is not sent.
        for name in ["Direct", "Body"] {
            assert!(!is_query(&api, name), "{name} should not be marked");
        }
    }

    #[test]
    fn the_metadata_of_a_page_is_marked_and_other_structs_are_not() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      operationId: list
      tags: [x]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  meta: {$ref: '#/components/schemas/Meta'}
  /y:
    get:
      operationId: list
      tags: [y]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  meta: {$ref: '#/components/schemas/NotMeta'}
components:
  schemas:
    Meta: {type: object, properties: {page_number: {type: integer}, total_pages: {type: integer}}}
    NotMeta: {type: object, properties: {page_number: {type: integer}, total_pages: {type: string}}}
"##;
        let config = "select:\n  all: true\npagination:\n  query: page\n  number: number\n  meta: meta\n  meta_page_number: page_number\n  meta_total_pages: total_pages\n";
        let g = lower(spec, config);
        let meta = |name: &str| match g.type_def(name) {
            Some(TypeDef::Struct(s)) => s.page_meta.clone(),
            other => panic!("`{name}` is not a struct: {other:?}"),
        };
        let marked = meta("Meta").expect("Meta is a page's metadata");
        assert_eq!(
            (marked.page_number.as_str(), marked.total_pages.as_str()),
            ("page_number", "total_pages")
        );
        assert_eq!(meta("NotMeta"), None);
        let response = |r: &str| &g.api.resources[r].operations["list"].response;
        assert!(
            matches!(response("x"), crate::ir::Response::Page { .. }),
            "{:?}",
            response("x")
        );
        assert!(
            matches!(response("y"), crate::ir::Response::Json(_)),
            "{:?}",
            response("y")
        );
    }
}
