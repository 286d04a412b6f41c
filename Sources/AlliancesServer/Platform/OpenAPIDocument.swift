// swift-format-ignore-file
// (the document is data: its layout is JSON's, not Swift's)
/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/openapi.json`: the JSON
/// document itself, two-space indented with one member per line, so a change reads as a
/// diff and is reviewed with the endpoint it describes. `RouteCoverageTests` fails when an
/// `/api/v1` route is missing from it or it names a route that does not exist;
/// openapi-spec-validator and schemathesis check it against a live server in `.ci/run`
/// (`scripts/check_api.py`).
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Alliances API",
    "version": "1",
    "description": "JSON API of an Alliances server: directory, search, needs and offers, recommendations and introductions, partnerships, barometer, rencontres. Errors are RFC 9457 problem details (application/problem+json): `detail` says in French what was wrong, `errors` lists each field's message. Calls act as a signed-in person: the session cookie of the web form, or a personal API token (Authorization: Bearer). Writes take a JSON body; a member the operation does not know is refused (422), not ignored. A 200 carries an ETag (a hash of its bytes): the same read with If-None-Match answers 304 with no body while nothing changed. A POST may carry an Idempotency-Key (1 to 255 visible ASCII characters): sent again with the same body within a day, it gets the first success again (Idempotent-Replayed: true) and creates nothing; the same key with another body is 422."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "paths": {
    "/api/v1/labs": {
      "get": {
        "summary": "The labs (territories) of the network.",
        "operationId": "get_labs",
        "tags": [
          "Directory"
        ],
        "parameters": [],
        "responses": {
          "200": {
            "description": "The labs.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Lab"
                  }
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/labs/{lab}/organisations": {
      "get": {
        "summary": "The lab's organisations, filtered and paged.",
        "operationId": "get_labs_lab_organisations",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "q",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 400
            },
            "description": "Words to search for."
          },
          {
            "name": "page",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "description": "Page number, for clients written before cursors; prefer `cursor`."
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of organisations.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OrganisationPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "summary": "Create an organisation (facilitators).",
        "operationId": "post_labs_lab_organisations",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Organisation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OrganisationInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/organisations/{id}": {
      "get": {
        "summary": "One organisation (people's contact details only to who may see them).",
        "operationId": "get_labs_lab_organisations_id",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "The organisation.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Organisation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "put": {
        "summary": "Replace an organisation (its members, facilitators).",
        "operationId": "put_labs_lab_organisations_id",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Organisation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OrganisationInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "patch": {
        "summary": "Change some fields of an organisation.",
        "operationId": "patch_labs_lab_organisations_id",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Organisation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OrganisationPatch"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "delete": {
        "summary": "Delete an organisation (facilitators).",
        "operationId": "delete_labs_lab_organisations_id",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/organisations/{id}/people": {
      "post": {
        "summary": "Add a person to an organisation.",
        "operationId": "post_labs_lab_organisations_id_people",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "201": {
            "description": "Added.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Organisation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PersonInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/organisations/{id}/people/{person}": {
      "put": {
        "summary": "Change a person.",
        "operationId": "put_labs_lab_organisations_id_people_person",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          },
          {
            "name": "person",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Organisation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PersonInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "delete": {
        "summary": "Remove a person.",
        "operationId": "delete_labs_lab_organisations_id_people_person",
        "tags": [
          "Directory"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          },
          {
            "name": "person",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "204": {
            "description": "Removed."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/search": {
      "get": {
        "summary": "Search the lab's actors, needs and offers.",
        "operationId": "get_labs_lab_search",
        "tags": [
          "Search"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "q",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 400
            },
            "description": "Words to search for."
          },
          {
            "name": "page",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "description": "Page number, for clients written before cursors; prefer `cursor`."
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "Results with facets.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SearchResults"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/labs/{lab}/listings": {
      "get": {
        "summary": "Needs and offers (members-only ones for the lab's members).",
        "operationId": "get_labs_lab_listings",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "q",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 400
            },
            "description": "Words to search for."
          },
          {
            "name": "page",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "description": "Page number, for clients written before cursors; prefer `cursor`."
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "The listings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ListingPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "summary": "Post a need or an offer.",
        "operationId": "post_labs_lab_listings",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Listing"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ListingInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/listings/{id}": {
      "get": {
        "summary": "One need or offer.",
        "operationId": "get_labs_lab_listings_id",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "The listing.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Listing"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "put": {
        "summary": "Change a need or an offer.",
        "operationId": "put_labs_lab_listings_id",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Listing"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ListingInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/listings/{id}/recommendations": {
      "get": {
        "summary": "Recommended counterparts of a listing, explained.",
        "operationId": "get_labs_lab_listings_id_recommendations",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Recommendations.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Recommendations"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/organisations/{id}/recommendations": {
      "get": {
        "summary": "Recommended counterparts of an organisation.",
        "operationId": "get_labs_lab_organisations_id_recommendations",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Recommendations.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Recommendations"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/recommendations/feedback": {
      "post": {
        "summary": "Mark a recommendation relevant or not.",
        "operationId": "post_labs_lab_recommendations_feedback",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "204": {
            "description": "Recorded."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/FeedbackInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/introductions": {
      "get": {
        "summary": "Introductions the viewer may see.",
        "operationId": "get_labs_lab_introductions",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "200": {
            "description": "Introductions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Introduction"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "post": {
        "summary": "Propose (facilitators) or ask for (members) an introduction.",
        "operationId": "post_labs_lab_introductions",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Introduction"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/IntroductionInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/introductions/{id}": {
      "get": {
        "summary": "One introduction.",
        "operationId": "get_labs_lab_introductions_id",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "The introduction.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Introduction"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/introductions/{id}/propose": {
      "post": {
        "summary": "Propose it to both sides (facilitators).",
        "operationId": "post_labs_lab_introductions_id_propose",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Introduction"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/IntroductionChange"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/introductions/{id}/answer": {
      "post": {
        "summary": "Accept or decline, for one's side.",
        "operationId": "post_labs_lab_introductions_id_answer",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Introduction"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/IntroductionChange"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/introductions/{id}/status": {
      "post": {
        "summary": "Record its outcome (facilitators).",
        "operationId": "post_labs_lab_introductions_id_status",
        "tags": [
          "Marketplace"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Introduction"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/IntroductionChange"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/partnerships": {
      "get": {
        "summary": "Partnerships (members: their organisation's; facilitators: the lab's).",
        "operationId": "get_labs_lab_partnerships",
        "tags": [
          "Partnerships"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "Partnerships.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PartnershipPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "post": {
        "summary": "Record a partnership.",
        "operationId": "post_labs_lab_partnerships",
        "tags": [
          "Partnerships"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Partnership"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PartnershipInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/partnerships/{id}": {
      "get": {
        "summary": "One partnership with its timeline.",
        "operationId": "get_labs_lab_partnerships_id",
        "tags": [
          "Partnerships"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "The partnership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Partnership"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "put": {
        "summary": "Change a partnership.",
        "operationId": "put_labs_lab_partnerships_id",
        "tags": [
          "Partnerships"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Partnership"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PartnershipInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/partnerships/{id}/notes": {
      "post": {
        "summary": "Add a note, optionally with a stage change.",
        "operationId": "post_labs_lab_partnerships_id_notes",
        "tags": [
          "Partnerships"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "example": 1
          }
        ],
        "responses": {
          "201": {
            "description": "Added.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Partnership"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NoteInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/barometer": {
      "get": {
        "summary": "The territorial barometer: shares engaged by segment, mode, theme, département; survey estimate; references.",
        "operationId": "get_labs_lab_barometer",
        "tags": [
          "Barometer"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "annee",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1900,
              "maximum": 2200
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The barometer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Barometer"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/events": {
      "get": {
        "summary": "Public rencontres.",
        "operationId": "get_events",
        "tags": [
          "Events"
        ],
        "parameters": [],
        "responses": {
          "200": {
            "description": "Events.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Event"
                  }
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "summary": "Create a rencontre (facilitators in their lab; network admins also for the network).",
        "operationId": "post_events",
        "tags": [
          "Events"
        ],
        "parameters": [],
        "responses": {
          "201": {
            "description": "Created; `Location` names it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Event"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EventInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}": {
      "get": {
        "summary": "A rencontre with its sessions and speakers.",
        "operationId": "get_events_event",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "name": "event",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The event's slug.",
            "example": "pionniers-2015"
          }
        ],
        "responses": {
          "200": {
            "description": "The event.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Event"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "put": {
        "summary": "Replace a rencontre's fields (its organisers). A capacity never goes below the seats taken; raising it offers the new seats to the people waiting.",
        "operationId": "put_events_event",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Event"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EventInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/registrations": {
      "get": {
        "summary": "Registrations (organisers only: personal data).",
        "operationId": "get_events_event_registrations",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "name": "event",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The event's slug.",
            "example": "pionniers-2015"
          }
        ],
        "responses": {
          "200": {
            "description": "Registrations.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Registration"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "post": {
        "summary": "Register to a rencontre: oneself (with the account's address, whatever `email` says), or, for the event's organisers, another person (confirmed if a seat is left, else on the waiting list).",
        "operationId": "post_events_event_registrations",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          }
        ],
        "responses": {
          "201": {
            "description": "Registered (see `status`: confirmed, offered, or waiting).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Registration"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "description": "No such event, or not published.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "409": {
            "description": "Registrations are not open, or you are registered already.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RegistrationInput"
              }
            }
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/events/{event}/synthesis": {
      "get": {
        "summary": "What the rencontre produced: per workshop the published output, proposals ranked by votes, commitments, participants by world (whoever the organisers let see the synthesis: the lab, or everyone).",
        "operationId": "get_events_event_synthesis",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "name": "event",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The event's slug.",
            "example": "pionniers-2015"
          }
        ],
        "responses": {
          "200": {
            "description": "The synthesis.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Synthesis"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {},
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/events/{event}/proposals": {
      "get": {
        "summary": "Every proposal of the workshops with its votes and voters (totals only; hidden and merged ones for the organisers).",
        "operationId": "get_events_event_proposals",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "name": "event",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The event's slug.",
            "example": "pionniers-2015"
          }
        ],
        "responses": {
          "200": {
            "description": "Proposals.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Proposal"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {},
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/resources": {
      "get": {
        "summary": "The lab's pooled resources the caller may see and book (active ones), 50 per page.",
        "operationId": "get_labs_lab_resources",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "portee",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "labo",
                "reseau"
              ]
            },
            "description": "`reseau`: every lab's resources shared with the network (or everyone), as the caller may read them, instead of this lab's."
          },
          {
            "name": "q",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 400
            },
            "description": "Words to search for in the name and description."
          },
          {
            "name": "type",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "salle",
                "vehicule",
                "materiel",
                "competences",
                "logiciel-service",
                "stockage",
                "autre"
              ]
            },
            "description": "Kind of resource."
          },
          {
            "name": "departement",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 3
            },
            "description": "A département of the lab's perimeter (code), where the resource is."
          },
          {
            "name": "page",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "description": "Page number, for clients written before cursors; prefer `cursor`."
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of resources.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ResourcePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "summary": "Offer a resource: a member of the lab for their organisation, a facilitator for any of the lab's. The same checks as the form (opening hours, a commune of the lab's perimeter, the price with a cost share). Photos are added on the resource's page.",
        "operationId": "post_labs_lab_resources",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "The resource, offered.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Resource"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ResourceWrite"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/resources/{id}": {
      "get": {
        "summary": "A pooled resource: what it is, who lends it, on what terms and when it opens.",
        "operationId": "get_labs_lab_resources_id",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The resource's id."
          }
        ],
        "responses": {
          "200": {
            "description": "The resource.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Resource"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "put": {
        "summary": "Change a resource, or archive it (`active: false`; no new bookings, those accepted stand) and bring it back: those who manage it (its organisation's members, the lab's facilitators).",
        "operationId": "put_labs_lab_resources_id",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The resource's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Resource"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ResourceWrite"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/experiences": {
      "get": {
        "summary": "The lab's published experience sheets the caller may read, searched in French and filtered on the library's facets, 20 per page (the best matches first, else the latest published).",
        "operationId": "get_labs_lab_experiences",
        "tags": [
          "Library"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "portee",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "labo",
                "reseau"
              ]
            },
            "description": "`reseau`: every lab's sheets shared with the network (or everyone), as the caller may read them, instead of this lab's."
          },
          {
            "name": "q",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 200
            },
            "description": "Words to search for (stemmed; the last one as a prefix)."
          },
          {
            "name": "question",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "se-connaitre",
                "partager-experience",
                "mettre-en-commun",
                "construire-des-outils"
              ]
            },
            "description": "Question of the 2015 workshops the sheet answers."
          },
          {
            "name": "theme",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "changer-d-echelle",
                "modele-economique",
                "gouvernance",
                "mobiliser"
              ]
            },
            "description": "Theme of the first round of workshops."
          },
          {
            "name": "mode",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "mecenat-financier",
                "mecenat-nature",
                "mecenat-competences",
                "benevolat",
                "pratiques-responsables",
                "achats-responsables",
                "cooperation-economique",
                "innovation-societale"
              ]
            },
            "description": "Partnership mode."
          },
          {
            "name": "gouvernance",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "comite-informel",
                "convention",
                "association",
                "gie",
                "scic",
                "fondation",
                "autre"
              ]
            },
            "description": "Governance form."
          },
          {
            "name": "echelle",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "pas-encore",
                "duplication",
                "essaimage",
                "nouveaux-partenaires",
                "fusion",
                "nouveau-territoire"
              ]
            },
            "description": "Scaling path."
          },
          {
            "name": "monde",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "association",
                "entreprise",
                "collectivite",
                "organisme-public",
                "universite-recherche",
                "structure-ess",
                "fondation",
                "reseau"
              ]
            },
            "description": "A world (actor kind) of its organisations."
          },
          {
            "name": "departement",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 3
            },
            "description": "A département of its organisations."
          },
          {
            "name": "page",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 10000
            },
            "description": "Page number, for clients written before cursors; prefer `cursor`."
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of sheets.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExperiencePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "summary": "Write a new experience sheet, kept as a draft: members of the lab's organisations (theirs among the sheet's) and the lab's facilitators. Optionally from a partnership they may see.",
        "operationId": "post_labs_lab_experiences",
        "tags": [
          "Library"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "The draft, version 1.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExperienceDraft"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ExperienceWrite"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/experiences/{id}": {
      "get": {
        "summary": "An experience sheet's published version (never a draft): its organisations and their roles, facets, context, what was done, economic model, results, lessons and links.",
        "operationId": "get_labs_lab_experiences_id",
        "tags": [
          "Library"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The sheet's id."
          }
        ],
        "responses": {
          "200": {
            "description": "The sheet.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Experience"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "put": {
        "summary": "Save the sheet's next version (its authors and the lab's facilitators). Readers keep the published version until this one is submitted and published.",
        "operationId": "put_labs_lab_experiences_id",
        "tags": [
          "Library"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The sheet's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExperienceDraft"
                }
              }
            }
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ExperienceWrite"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/registrations/{id}/cancel": {
      "post": {
        "summary": "Cancel a registration: one's own, or, for the event's organisers, any of the event's. The seat goes to the first person waiting.",
        "operationId": "post_events_event_registrations_id_cancel",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "description": "The registration's number.",
            "example": 1
          }
        ],
        "responses": {
          "200": {
            "description": "Cancelled.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Registration"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "description": "No such event, or no such registration of yours in it.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": false,
          "description": "Nothing to send but `{}`: every API POST is JSON (Content-Type: application/json).",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/sessions": {
      "post": {
        "summary": "Add a session with its speakers (the event's organisers).",
        "operationId": "post_events_event_sessions",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          }
        ],
        "responses": {
          "201": {
            "description": "Created; `Location` names it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Session"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SessionInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/sessions/{id}": {
      "put": {
        "summary": "Replace a session and its speakers (the event's organisers).",
        "operationId": "put_events_event_sessions_id",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The session's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Session"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SessionInput"
              }
            }
          }
        }
      },
      "delete": {
        "summary": "Delete a session nobody holds a seat in (the event's organisers).",
        "operationId": "delete_events_event_sessions_id",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The session's id."
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "Seats are taken in it: move or cancel them first.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/events/{event}/registrations/{id}/check-in": {
      "post": {
        "summary": "Record a confirmed registration's arrival, or its presence in a session (the event's organisers).",
        "operationId": "post_events_event_registrations_id_check_in",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The registration's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Recorded.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CheckIn"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "The registration is not confirmed.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CheckInInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/meetings": {
      "get": {
        "summary": "My one-to-one meetings at this rencontre: my requests, and the people listed once my registration (with my account's address) is confirmed.",
        "operationId": "get_events_event_meetings",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          }
        ],
        "responses": {
          "200": {
            "description": "My meetings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Meetings"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "post": {
        "summary": "Ask a listed participant for a meeting (my registration must be confirmed).",
        "operationId": "post_events_event_meetings",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          }
        ],
        "responses": {
          "201": {
            "description": "Asked.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MeetingRequest"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "Not confirmed, not allowed between these worlds, or asked already.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MeetingRequestInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/meetings/{id}/answer": {
      "post": {
        "summary": "Accept or decline a meeting I was asked for.",
        "operationId": "post_events_event_meetings_id_answer",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The request's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Answered.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MeetingRequest"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "It no longer waits for an answer.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MeetingAnswerInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/meetings/{id}/cancel": {
      "post": {
        "summary": "Cancel a meeting I asked for or accepted.",
        "operationId": "post_events_event_meetings_id_cancel",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The request's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Cancelled.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MeetingRequest"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "It can no longer be cancelled.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": false,
          "description": "Nothing to send but `{}`: every API POST is JSON (Content-Type: application/json).",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/bookings": {
      "get": {
        "summary": "My bookings in this lab, and those asked of my organisation's resources.",
        "operationId": "get_labs_lab_bookings",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "200": {
            "description": "Bookings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Bookings"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/resources/{id}/bookings": {
      "post": {
        "summary": "Ask to book a resource (members, as its audience allows); its lending organisation is told.",
        "operationId": "post_labs_lab_resources_id_bookings",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The resource's id."
          }
        ],
        "responses": {
          "201": {
            "description": "Asked (status `demandee`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Booking"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/BookingInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/bookings/{id}/accept": {
      "post": {
        "summary": "Accept a booking asked of my organisation's resource: refused (409) when accepted bookings already hold the stock on part of its range.",
        "operationId": "post_labs_lab_bookings_id_accept",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The booking's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Done.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Booking"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "Already answered, or the stock is taken.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/BookingAnswerInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/bookings/{id}/decline": {
      "post": {
        "summary": "Decline a booking asked of my organisation's resource.",
        "operationId": "post_labs_lab_bookings_id_decline",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The booking's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Done.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Booking"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "Already answered.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/BookingAnswerInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/bookings/{id}/cancel": {
      "post": {
        "summary": "Cancel a booking, as the person who asked or for the resource.",
        "operationId": "post_labs_lab_bookings_id_cancel",
        "tags": [
          "Resources"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The booking's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Done.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Booking"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "Already declined or cancelled.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/BookingAnswerInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/webhooks": {
      "get": {
        "summary": "The lab's webhook subscriptions (its facilitators and the network admins).",
        "operationId": "get_labs_lab_webhooks",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "200": {
            "description": "Subscriptions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Webhook"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "post": {
        "summary": "Subscribe a URL to the lab's events; the answer holds the signing secret, once.",
        "operationId": "post_labs_lab_webhooks",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "Subscribed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookCreated"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "The lab has 20 subscriptions already.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/WebhookInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/webhooks/{id}": {
      "get": {
        "summary": "A subscription and its latest deliveries.",
        "operationId": "get_labs_lab_webhooks_id",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "200": {
            "description": "The subscription.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "delete": {
        "summary": "Delete a subscription and its deliveries.",
        "operationId": "delete_labs_lab_webhooks_id",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/webhooks/{id}/ping": {
      "post": {
        "summary": "Queue a `ping` event, sent after what already waits.",
        "operationId": "post_labs_lab_webhooks_id_ping",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "202": {
            "description": "Queued.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": false,
          "description": "Nothing to send but `{}`: every API POST is JSON (Content-Type: application/json).",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/webhooks/{id}/reactivate": {
      "post": {
        "summary": "Resume a paused subscription: what waited is sent, in order.",
        "operationId": "post_labs_lab_webhooks_id_reactivate",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Resumed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": false,
          "description": "Nothing to send but `{}`: every API POST is JSON (Content-Type: application/json).",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/allocation": {
      "get": {
        "summary": "The workshop allocation's runs and the published placements (the event's organisers).",
        "operationId": "get_events_event_allocation",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          }
        ],
        "responses": {
          "200": {
            "description": "The allocation.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Allocation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/events/{event}/lunch-tables": {
      "get": {
        "summary": "The lunch table plan (the event's organisers: names are personal data).",
        "operationId": "get_events_event_lunch_tables",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          }
        ],
        "responses": {
          "200": {
            "description": "The seats, by table.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/LunchSeat"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/experiences/{id}/draft": {
      "get": {
        "summary": "The sheet's latest version and where it is in its review, for its authors and the lab's facilitators (anyone else: 404).",
        "operationId": "get_labs_lab_experiences_id_draft",
        "tags": [
          "Library"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The sheet's id."
          }
        ],
        "responses": {
          "200": {
            "description": "The sheet as its editors see it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExperienceDraft"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/experiences/{id}/steps": {
      "post": {
        "summary": "A step of the review: the authors submit (`soumettre`); the lab's facilitators publish (`publier`), send back saying why (`renvoyer`, with a comment), archive (`archiver`) or restore (`restaurer`). A step that does not apply to the sheet's status is 422.",
        "operationId": "post_labs_lab_experiences_id_steps",
        "tags": [
          "Library"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The sheet's id."
          }
        ],
        "responses": {
          "200": {
            "description": "The sheet after the step.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExperienceDraft"
                }
              }
            }
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ExperienceStepInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/sessions/{id}/workshop": {
      "get": {
        "summary": "A workshop's vote as the caller takes part in it: its state and dots per person, the proposals (rapporteurs also see those hidden or merged), and the caller's ballot. The caller takes part as their registration found by their account's address: a confirmed participant holding a seat in the workshop, or one of its rapporteurs (403 otherwise; 404 when not registered).",
        "operationId": "get_events_event_sessions_id_workshop",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The workshop's session id."
          }
        ],
        "responses": {
          "200": {
            "description": "The workshop.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Workshop"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/events/{event}/sessions/{id}/proposals": {
      "post": {
        "summary": "Post a proposal to the workshop, until its vote is closed (409) and within the bound per person (429). The caller takes part as their registration found by their account's address: a confirmed participant holding a seat in the workshop, or one of its rapporteurs (403 otherwise; 404 when not registered).",
        "operationId": "post_events_event_sessions_id_proposals",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The workshop's session id."
          }
        ],
        "responses": {
          "201": {
            "description": "Posted: the workshop with it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Workshop"
                }
              }
            }
          },
          "409": {
            "description": "The vote is closed.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ProposalInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/sessions/{id}/votes/{proposal}": {
      "put": {
        "summary": "Put this many dots on a visible proposal (absolute: sent twice, it counts once; 0 takes them back), while the vote is open and within the caller's dots (422). The caller takes part as their registration found by their account's address: a confirmed participant holding a seat in the workshop, or one of its rapporteurs (403 otherwise; 404 when not registered).",
        "operationId": "put_events_event_sessions_id_votes_proposal",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The workshop's session id."
          },
          {
            "name": "proposal",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The proposal's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Counted: the workshop with the caller's ballot.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Workshop"
                }
              }
            }
          },
          "409": {
            "description": "The vote is not open, or the ballot changed meanwhile.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VoteInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/sessions/{id}/proposals/{proposal}/moderate": {
      "post": {
        "summary": "The workshop's rapporteurs hide a proposal (its dots go back to the voters), show it again, or merge it into another visible one (its dots move there).",
        "operationId": "post_events_event_sessions_id_proposals_proposal_moderate",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The workshop's session id."
          },
          {
            "name": "proposal",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The proposal's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Done: the workshop.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Workshop"
                }
              }
            }
          },
          "409": {
            "description": "Only a hidden proposal is shown again.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ModerationInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/my-webhooks": {
      "get": {
        "summary": "The caller's own webhook subscriptions in the lab (any person of the lab; each sees theirs only).",
        "operationId": "get_labs_lab_my_webhooks",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "200": {
            "description": "Subscriptions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Webhook"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "post": {
        "summary": "Subscribe a URL for oneself: told only of what concerns the caller (their organisation's record, its introductions and partnerships, their registrations) and of the lab's needs and offers; at most 5; the answer holds the signing secret, once.",
        "operationId": "post_labs_lab_my_webhooks",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          }
        ],
        "responses": {
          "201": {
            "description": "Subscribed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookCreated"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "The lab has 20 subscriptions already.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/WebhookInput"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/my-webhooks/{id}": {
      "get": {
        "summary": "One of the caller's own subscriptions and its latest deliveries (another person's: 404).",
        "operationId": "get_labs_lab_my_webhooks_id",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "200": {
            "description": "The subscription.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "delete": {
        "summary": "Delete one of the caller's own subscriptions and its deliveries.",
        "operationId": "delete_labs_lab_my_webhooks_id",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      }
    },
    "/api/v1/labs/{lab}/my-webhooks/{id}/ping": {
      "post": {
        "summary": "Queue a `ping` to one of the caller's own subscriptions, sent after what already waits.",
        "operationId": "post_labs_lab_my_webhooks_id_ping",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "202": {
            "description": "Queued.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": false,
          "description": "Nothing to send but `{}`: every API POST is JSON (Content-Type: application/json).",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        }
      }
    },
    "/api/v1/labs/{lab}/my-webhooks/{id}/reactivate": {
      "post": {
        "summary": "Resume one of the caller's own paused subscriptions: what waited is sent, in order.",
        "operationId": "post_labs_lab_my_webhooks_id_reactivate",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "lab",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "The lab's slug.",
            "example": "alsace"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The subscription's id."
          }
        ],
        "responses": {
          "200": {
            "description": "Resumed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": false,
          "description": "Nothing to send but `{}`: every API POST is JSON (Content-Type: application/json).",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        }
      }
    },
    "/api/v1/events/{event}/sessions/{id}/output": {
      "get": {
        "summary": "The workshop's output as it stands: findings, proposals kept, obstacles, resources to pool, next steps, and who commits to what, for when. For the workshop's rapporteurs (found by the caller's account address among the event's registrations; 403 for its other participants).",
        "operationId": "get_events_event_sessions_id_output",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The workshop's session id."
          }
        ],
        "responses": {
          "200": {
            "description": "The output.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WorkshopOutput"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ]
      },
      "put": {
        "summary": "Save the whole output, as a draft or published in the synthesis (`publish`), with the output page's checks; a commitment naming an organisation registered at the event is linked to it. For the workshop's rapporteurs (found by the caller's account address among the event's registrations; 403 for its other participants).",
        "operationId": "put_events_event_sessions_id_output",
        "tags": [
          "Events"
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Event"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "integer"
            },
            "description": "The workshop's session id."
          }
        ],
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WorkshopOutput"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/ContentTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableContent"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        },
        "security": [
          {
            "session": []
          },
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OutputInput"
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Error": {
        "description": "RFC 9457 problem details. `type` is always about:blank (no error types of our own), so `title` is the HTTP status phrase.",
        "type": "object",
        "properties": {
          "type": {
            "type": "string",
            "const": "about:blank"
          },
          "title": {
            "type": "string",
            "description": "The HTTP status phrase."
          },
          "status": {
            "type": "integer",
            "description": "The HTTP status code."
          },
          "detail": {
            "type": "string",
            "description": "What was wrong, in French."
          },
          "instance": {
            "type": "string",
            "description": "The path asked."
          },
          "errors": {
            "type": "array",
            "description": "Each invalid field and its message (422).",
            "items": {
              "type": "object",
              "properties": {
                "field": {
                  "type": "string"
                },
                "message": {
                  "type": "string"
                }
              },
              "required": [
                "field",
                "message"
              ],
              "additionalProperties": false
            }
          }
        },
        "required": [
          "type",
          "title",
          "status",
          "detail"
        ],
        "additionalProperties": false
      },
      "Lab": {
        "description": "A lab (territory) of the network.",
        "properties": {
          "departements": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "description": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "regionCode": {
            "type": "string"
          },
          "slug": {
            "type": "string"
          }
        },
        "required": [
          "departements",
          "name",
          "slug"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Organisation": {
        "description": "An organisation of the directory. `people` only on the detail; a person's email and phone only for viewers allowed to see contact details.",
        "properties": {
          "acronym": {
            "type": "string"
          },
          "active": {
            "type": "boolean"
          },
          "commune": {
            "properties": {
              "code": {
                "type": "string"
              },
              "name": {
                "type": "string"
              }
            },
            "required": [
              "code"
            ],
            "type": "object",
            "additionalProperties": false
          },
          "createdAt": {
            "type": "integer"
          },
          "departement": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "headcountBand": {
            "type": "string"
          },
          "id": {
            "type": "integer"
          },
          "kind": {
            "type": "string"
          },
          "lab": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "people": {
            "items": {
              "properties": {
                "email": {
                  "type": "string"
                },
                "id": {
                  "type": "integer"
                },
                "name": {
                  "type": "string"
                },
                "phone": {
                  "type": "string"
                },
                "role": {
                  "type": "string"
                }
              },
              "required": [
                "id",
                "name"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "rnaId": {
            "type": "string"
          },
          "siren": {
            "type": "string"
          },
          "siret": {
            "type": "string"
          },
          "sizeClass": {
            "type": "string"
          },
          "themes": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "updatedAt": {
            "type": "integer"
          },
          "website": {
            "type": "string"
          }
        },
        "required": [
          "active",
          "createdAt",
          "id",
          "kind",
          "lab",
          "name",
          "themes",
          "updatedAt"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "OrganisationPage": {
        "description": "A page of organisations.",
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/Organisation"
            },
            "type": "array"
          },
          "page": {
            "type": "integer",
            "description": "The page number when asked by `page`; absent when asked by `cursor`."
          },
          "pageSize": {
            "type": "integer"
          },
          "total": {
            "type": "integer"
          },
          "limit": {
            "type": "integer",
            "description": "Items per page."
          },
          "nextCursor": {
            "type": "string",
            "description": "The `cursor` of the next page; absent on the last page."
          }
        },
        "required": [
          "items",
          "limit",
          "pageSize",
          "total"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "SearchResults": {
        "description": "Search results, best first.",
        "properties": {
          "facets": {
            "additionalProperties": {
              "additionalProperties": {
                "type": "integer"
              },
              "type": "object"
            },
            "type": "object"
          },
          "hits": {
            "items": {
              "properties": {
                "distanceKm": {
                  "type": "number"
                },
                "highlightedTitle": {
                  "type": "string"
                },
                "id": {
                  "type": "integer"
                },
                "score": {
                  "type": "number"
                },
                "subtitle": {
                  "type": "string"
                },
                "title": {
                  "type": "string"
                },
                "type": {
                  "type": "string"
                },
                "url": {
                  "type": "string"
                }
              },
              "required": [
                "highlightedTitle",
                "id",
                "score",
                "subtitle",
                "title",
                "type",
                "url"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "page": {
            "type": "integer"
          },
          "pageSize": {
            "type": "integer"
          },
          "query": {
            "type": "string"
          },
          "relaxed": {
            "type": "boolean"
          },
          "total": {
            "type": "integer"
          },
          "truncated": {
            "type": "boolean"
          },
          "limit": {
            "type": "integer",
            "description": "Items per page."
          },
          "nextCursor": {
            "type": "string",
            "description": "The `cursor` of the next page; absent on the last page."
          }
        },
        "required": [
          "facets",
          "hits",
          "limit",
          "page",
          "pageSize",
          "query",
          "relaxed",
          "total",
          "truncated"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Listing": {
        "description": "A need or an offer.",
        "properties": {
          "commune": {
            "properties": {
              "code": {
                "type": "string"
              },
              "name": {
                "type": "string"
              }
            },
            "required": [
              "code"
            ],
            "type": "object",
            "additionalProperties": false
          },
          "createdAt": {
            "type": "integer"
          },
          "description": {
            "type": "string"
          },
          "endDate": {
            "type": "string"
          },
          "euros": {
            "type": "integer"
          },
          "hours": {
            "type": "integer"
          },
          "id": {
            "type": "integer"
          },
          "inKind": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "modes": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "organisation": {
            "$ref": "#/components/schemas/OrganisationRef"
          },
          "radiusKm": {
            "type": "integer"
          },
          "startDate": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "themes": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "title": {
            "type": "string"
          },
          "updatedAt": {
            "type": "integer"
          },
          "visibility": {
            "type": "string"
          }
        },
        "required": [
          "createdAt",
          "id",
          "kind",
          "modes",
          "organisation",
          "status",
          "themes",
          "title",
          "updatedAt",
          "visibility"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "ListingPage": {
        "description": "A page of needs and offers.",
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/Listing"
            },
            "type": "array"
          },
          "page": {
            "type": "integer",
            "description": "The page number when asked by `page`; absent when asked by `cursor`."
          },
          "pageSize": {
            "type": "integer"
          },
          "total": {
            "type": "integer"
          },
          "limit": {
            "type": "integer",
            "description": "Items per page."
          },
          "nextCursor": {
            "type": "string",
            "description": "The `cursor` of the next page; absent on the last page."
          }
        },
        "required": [
          "items",
          "limit",
          "pageSize",
          "total"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Recommendations": {
        "description": "Recommended listings and organisations, best first, each with the reason.",
        "properties": {
          "listings": {
            "items": {
              "$ref": "#/components/schemas/Recommendation"
            },
            "type": "array"
          },
          "organisations": {
            "items": {
              "$ref": "#/components/schemas/Recommendation"
            },
            "type": "array"
          }
        },
        "required": [
          "listings",
          "organisations"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Introduction": {
        "description": "An introduction between two organisations; contacts only once both accepted.",
        "properties": {
          "a": {
            "$ref": "#/components/schemas/IntroductionSide"
          },
          "b": {
            "$ref": "#/components/schemas/IntroductionSide"
          },
          "createdAt": {
            "type": "integer"
          },
          "history": {
            "items": {
              "properties": {
                "action": {
                  "type": "string"
                },
                "at": {
                  "type": "integer"
                },
                "note": {
                  "type": "string"
                },
                "status": {
                  "type": "string"
                }
              },
              "required": [
                "action",
                "at",
                "status"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "id": {
            "type": "integer"
          },
          "needId": {
            "type": "integer"
          },
          "nextSteps": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "offerId": {
            "type": "integer"
          },
          "requestMessage": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "updatedAt": {
            "type": "integer"
          }
        },
        "required": [
          "a",
          "b",
          "createdAt",
          "id",
          "nextSteps",
          "status",
          "updatedAt"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Partnership": {
        "description": "A partnership, its parties, notes and documents.",
        "properties": {
          "createdAt": {
            "type": "integer"
          },
          "description": {
            "type": "string"
          },
          "documents": {
            "items": {
              "properties": {
                "contentType": {
                  "type": "string"
                },
                "filename": {
                  "type": "string"
                },
                "id": {
                  "type": "integer"
                },
                "sha256": {
                  "type": "string"
                },
                "size": {
                  "type": "integer"
                },
                "url": {
                  "type": "string"
                }
              },
              "required": [
                "contentType",
                "filename",
                "id",
                "sha256",
                "size",
                "url"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "endDate": {
            "type": "string"
          },
          "euros": {
            "type": "integer"
          },
          "eventId": {
            "type": "integer"
          },
          "hours": {
            "type": "integer"
          },
          "id": {
            "type": "integer"
          },
          "inKind": {
            "type": "string"
          },
          "introductionId": {
            "type": "integer"
          },
          "jobs": {
            "type": "integer"
          },
          "modes": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "origin": {
            "type": "string"
          },
          "outcomes": {
            "type": "string"
          },
          "parties": {
            "items": {
              "properties": {
                "organisation": {
                  "$ref": "#/components/schemas/OrganisationRef"
                },
                "role": {
                  "type": "string"
                }
              },
              "required": [
                "organisation",
                "role"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "peopleReached": {
            "type": "integer"
          },
          "stage": {
            "type": "string"
          },
          "startDate": {
            "type": "string"
          },
          "themes": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "timeline": {
            "items": {
              "properties": {
                "action": {
                  "type": "string"
                },
                "at": {
                  "type": "integer"
                },
                "note": {
                  "type": "string"
                },
                "stage": {
                  "type": "string"
                }
              },
              "required": [
                "action",
                "at"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "title": {
            "type": "string"
          },
          "updatedAt": {
            "type": "integer"
          }
        },
        "required": [
          "createdAt",
          "id",
          "modes",
          "origin",
          "parties",
          "stage",
          "startDate",
          "themes",
          "title",
          "updatedAt"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "PartnershipPage": {
        "description": "A page of partnerships.",
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/Partnership"
            },
            "type": "array"
          },
          "page": {
            "type": "integer",
            "description": "The page number when asked by `page`; absent when asked by `cursor`."
          },
          "pageSize": {
            "type": "integer"
          },
          "total": {
            "type": "integer"
          },
          "limit": {
            "type": "integer",
            "description": "Items per page."
          },
          "nextCursor": {
            "type": "string",
            "description": "The `cursor` of the next page; absent on the last page."
          }
        },
        "required": [
          "items",
          "limit",
          "pageSize",
          "total"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Barometer": {
        "description": "The barometer's figures for a period, the survey's estimate and the national references.",
        "properties": {
          "activePartnerships": {
            "type": "integer"
          },
          "evolution": {
            "items": {
              "properties": {
                "segments": {
                  "items": {
                    "$ref": "#/components/schemas/BarometerSegment"
                  },
                  "type": "array"
                },
                "year": {
                  "type": "integer"
                }
              },
              "required": [
                "segments",
                "year"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "from": {
            "type": "string"
          },
          "inConstruction": {
            "type": "integer"
          },
          "modes": {
            "items": {
              "properties": {
                "associations": {
                  "$ref": "#/components/schemas/Share"
                },
                "companies": {
                  "$ref": "#/components/schemas/Share"
                },
                "key": {
                  "type": "string"
                },
                "label": {
                  "type": "string"
                },
                "partnerships": {
                  "type": "integer"
                }
              },
              "required": [
                "associations",
                "companies",
                "key",
                "label",
                "partnerships"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "references": {
            "items": {
              "properties": {
                "cited": {
                  "type": "boolean"
                },
                "key": {
                  "type": "string"
                },
                "label": {
                  "type": "string"
                },
                "percent": {
                  "type": "number"
                },
                "source": {
                  "type": "string"
                },
                "year": {
                  "type": "integer"
                }
              },
              "required": [
                "cited",
                "key",
                "label",
                "percent",
                "source",
                "year"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "segments": {
            "items": {
              "$ref": "#/components/schemas/BarometerSegment"
            },
            "type": "array"
          },
          "survey": {
            "items": {
              "properties": {
                "engaged": {
                  "type": "integer"
                },
                "key": {
                  "type": "string"
                },
                "lower": {
                  "type": "number"
                },
                "population": {
                  "type": "integer"
                },
                "respondents": {
                  "type": "integer"
                },
                "share": {
                  "type": "number"
                },
                "upper": {
                  "type": "number"
                }
              },
              "required": [
                "engaged",
                "key",
                "population",
                "respondents"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "to": {
            "type": "string"
          }
        },
        "required": [
          "activePartnerships",
          "evolution",
          "from",
          "inConstruction",
          "modes",
          "references",
          "segments",
          "survey",
          "to"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Event": {
        "description": "A rencontre; `sessions` and `speakers` on the detail only.",
        "properties": {
          "address": {
            "type": "string"
          },
          "capacity": {
            "type": "integer"
          },
          "end": {
            "type": "string"
          },
          "seatsLeft": {
            "type": "integer"
          },
          "sessions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Session"
            }
          },
          "slug": {
            "type": "string"
          },
          "start": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "timeZone": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "venue": {
            "type": "string"
          }
        },
        "required": [
          "end",
          "slug",
          "start",
          "status",
          "timeZone",
          "title"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Registration": {
        "description": "A registration to a rencontre, for its organisers.",
        "properties": {
          "actorKind": {
            "type": "string"
          },
          "createdAt": {
            "type": "integer"
          },
          "dietary": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "id": {
            "type": "integer"
          },
          "listed": {
            "type": "boolean"
          },
          "name": {
            "type": "string"
          },
          "organisation": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "status": {
            "type": "string"
          }
        },
        "required": [
          "createdAt",
          "email",
          "id",
          "listed",
          "name",
          "status"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "OrganisationInput": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 200
          },
          "acronym": {
            "type": "string",
            "maxLength": 30
          },
          "headcountBand": {
            "type": "string"
          },
          "siren": {
            "type": "string",
            "maxLength": 11
          },
          "siret": {
            "type": "string",
            "maxLength": 17
          },
          "rnaId": {
            "type": "string",
            "maxLength": 10
          },
          "description": {
            "type": "string",
            "maxLength": 5000
          },
          "website": {
            "type": "string",
            "maxLength": 300
          },
          "commune": {
            "type": "string",
            "maxLength": 100
          },
          "kind": {
            "type": "string",
            "enum": [
              "association",
              "entreprise",
              "collectivite",
              "organisme-public",
              "universite-recherche",
              "structure-ess",
              "fondation",
              "reseau"
            ]
          },
          "sizeClass": {
            "type": "string",
            "enum": [
              "tpe",
              "pme",
              "eti",
              "ge"
            ]
          },
          "themes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "emploi-insertion",
                "education",
                "environnement",
                "sante",
                "culture",
                "sport",
                "solidarite",
                "jeunesse",
                "handicap",
                "numerique",
                "developpement-economique",
                "logement",
                "mobilite",
                "alimentation",
                "grand-age",
                "politique-de-la-ville",
                "ruralite",
                "energie",
                "formation",
                "citoyennete"
              ]
            }
          },
          "active": {
            "type": "boolean"
          }
        },
        "required": [
          "name",
          "kind"
        ],
        "additionalProperties": false
      },
      "PersonInput": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 120
          },
          "role": {
            "type": "string",
            "maxLength": 120
          },
          "email": {
            "type": "string",
            "maxLength": 254
          },
          "phone": {
            "type": "string"
          }
        },
        "required": [
          "name"
        ],
        "additionalProperties": false
      },
      "ListingInput": {
        "type": "object",
        "properties": {
          "title": {
            "type": "string",
            "maxLength": 160
          },
          "description": {
            "type": "string",
            "maxLength": 5000
          },
          "commune": {
            "type": "string",
            "maxLength": 100
          },
          "radiusKm": {
            "type": "string",
            "pattern": "^[0-9]{0,10}$",
            "description": "A whole number written in digits, or empty."
          },
          "startDate": {
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$",
            "description": "AAAA-MM-JJ, or empty."
          },
          "endDate": {
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$",
            "description": "AAAA-MM-JJ, or empty."
          },
          "hours": {
            "type": "string",
            "pattern": "^[0-9]{0,10}$",
            "description": "A whole number written in digits, or empty."
          },
          "euros": {
            "type": "string",
            "pattern": "^[0-9]{0,10}$",
            "description": "A whole number written in digits, or empty."
          },
          "inKind": {
            "type": "string",
            "maxLength": 500
          },
          "kind": {
            "type": "string",
            "enum": [
              "besoin",
              "offre"
            ]
          },
          "status": {
            "type": "string",
            "enum": [
              "brouillon",
              "publie",
              "en-discussion",
              "satisfait",
              "retire"
            ]
          },
          "visibility": {
            "type": "string",
            "enum": [
              "membres",
              "public"
            ]
          },
          "organisationId": {
            "type": "integer"
          },
          "modes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "mecenat-financier",
                "mecenat-nature",
                "mecenat-competences",
                "benevolat",
                "pratiques-responsables",
                "achats-responsables",
                "cooperation-economique",
                "innovation-societale"
              ]
            }
          },
          "themes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "emploi-insertion",
                "education",
                "environnement",
                "sante",
                "culture",
                "sport",
                "solidarite",
                "jeunesse",
                "handicap",
                "numerique",
                "developpement-economique",
                "logement",
                "mobilite",
                "alimentation",
                "grand-age",
                "politique-de-la-ville",
                "ruralite",
                "energie",
                "formation",
                "citoyennete"
              ]
            }
          }
        },
        "required": [
          "kind",
          "organisationId",
          "title"
        ],
        "additionalProperties": false
      },
      "PartnershipInput": {
        "type": "object",
        "properties": {
          "title": {
            "type": "string",
            "maxLength": 160
          },
          "description": {
            "type": "string",
            "maxLength": 5000
          },
          "startDate": {
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$",
            "description": "AAAA-MM-JJ, or empty."
          },
          "endDate": {
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$",
            "description": "AAAA-MM-JJ, or empty."
          },
          "euros": {
            "type": "string",
            "pattern": "^[0-9]{0,10}$",
            "description": "A whole number written in digits, or empty."
          },
          "hours": {
            "type": "string",
            "pattern": "^[0-9]{0,10}$",
            "description": "A whole number written in digits, or empty."
          },
          "inKind": {
            "type": "string",
            "maxLength": 500
          },
          "outcomes": {
            "type": "string",
            "maxLength": 5000
          },
          "peopleReached": {
            "type": "string",
            "pattern": "^[0-9]{0,10}$",
            "description": "A whole number written in digits, or empty."
          },
          "jobs": {
            "type": "string",
            "pattern": "^[0-9]{0,10}$",
            "description": "A whole number written in digits, or empty."
          },
          "stage": {
            "type": "string",
            "enum": [
              "premiere-rencontre",
              "dialogue",
              "experimentation",
              "accord-formel",
              "evaluation",
              "renouvele",
              "termine"
            ]
          },
          "origin": {
            "type": "string",
            "enum": [
              "direct",
              "mise-en-relation",
              "rencontre"
            ]
          },
          "parties": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "organisationId": {
                  "type": "integer"
                },
                "role": {
                  "type": "string",
                  "maxLength": 120
                }
              },
              "required": [
                "organisationId"
              ]
            }
          },
          "modes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "mecenat-financier",
                "mecenat-nature",
                "mecenat-competences",
                "benevolat",
                "pratiques-responsables",
                "achats-responsables",
                "cooperation-economique",
                "innovation-societale"
              ]
            }
          },
          "themes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "emploi-insertion",
                "education",
                "environnement",
                "sante",
                "culture",
                "sport",
                "solidarite",
                "jeunesse",
                "handicap",
                "numerique",
                "developpement-economique",
                "logement",
                "mobilite",
                "alimentation",
                "grand-age",
                "politique-de-la-ville",
                "ruralite",
                "energie",
                "formation",
                "citoyennete"
              ]
            }
          },
          "introductionId": {
            "type": "integer"
          },
          "eventId": {
            "type": "integer"
          }
        },
        "required": [
          "title",
          "parties",
          "startDate"
        ],
        "additionalProperties": false
      },
      "NoteInput": {
        "type": "object",
        "properties": {
          "note": {
            "type": "string",
            "maxLength": 5000
          },
          "stage": {
            "type": "string",
            "enum": [
              "premiere-rencontre",
              "dialogue",
              "experimentation",
              "accord-formel",
              "evaluation",
              "renouvele",
              "termine"
            ]
          },
          "endDate": {
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$",
            "description": "AAAA-MM-JJ, or empty."
          }
        },
        "additionalProperties": false
      },
      "FeedbackInput": {
        "type": "object",
        "properties": {
          "source": {
            "type": "string",
            "pattern": "^(organisation|besoin|offre):[0-9]+$"
          },
          "candidate": {
            "type": "string",
            "pattern": "^(organisation|besoin|offre):[0-9]+$"
          },
          "relevant": {
            "type": "boolean"
          }
        },
        "required": [
          "source",
          "candidate",
          "relevant"
        ],
        "additionalProperties": false
      },
      "IntroductionInput": {
        "type": "object",
        "properties": {
          "organisationA": {
            "type": "integer"
          },
          "organisationB": {
            "type": "integer"
          },
          "needId": {
            "type": "integer"
          },
          "offerId": {
            "type": "integer"
          },
          "message": {
            "type": "string",
            "maxLength": 2000
          },
          "messageA": {
            "type": "string",
            "maxLength": 2000
          },
          "messageB": {
            "type": "string",
            "maxLength": 2000
          }
        },
        "required": [
          "organisationB"
        ],
        "additionalProperties": false
      },
      "IntroductionChange": {
        "type": "object",
        "properties": {
          "answer": {
            "type": "string",
            "enum": [
              "accepte",
              "decline"
            ]
          },
          "side": {
            "type": "string",
            "enum": [
              "a",
              "b"
            ],
            "description": "For a facilitator answering on behalf of a side."
          },
          "status": {
            "type": "string",
            "enum": [
              "demandee",
              "proposee",
              "acceptee",
              "declinee",
              "rencontre-faite",
              "partenariat",
              "close",
              "retiree"
            ]
          },
          "note": {
            "type": "string",
            "maxLength": 2000
          },
          "messageA": {
            "type": "string",
            "maxLength": 2000
          },
          "messageB": {
            "type": "string",
            "maxLength": 2000
          }
        },
        "additionalProperties": false
      },
      "OrganisationPatch": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 200
          },
          "acronym": {
            "type": "string",
            "maxLength": 30
          },
          "headcountBand": {
            "type": "string"
          },
          "siren": {
            "type": "string",
            "maxLength": 11
          },
          "siret": {
            "type": "string",
            "maxLength": 17
          },
          "rnaId": {
            "type": "string",
            "maxLength": 10
          },
          "description": {
            "type": "string",
            "maxLength": 5000
          },
          "website": {
            "type": "string",
            "maxLength": 300
          },
          "commune": {
            "type": "string",
            "maxLength": 100
          },
          "kind": {
            "type": "string",
            "enum": [
              "association",
              "entreprise",
              "collectivite",
              "organisme-public",
              "universite-recherche",
              "structure-ess",
              "fondation",
              "reseau"
            ]
          },
          "sizeClass": {
            "type": "string",
            "enum": [
              "tpe",
              "pme",
              "eti",
              "ge"
            ]
          },
          "themes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "emploi-insertion",
                "education",
                "environnement",
                "sante",
                "culture",
                "sport",
                "solidarite",
                "jeunesse",
                "handicap",
                "numerique",
                "developpement-economique",
                "logement",
                "mobilite",
                "alimentation",
                "grand-age",
                "politique-de-la-ville",
                "ruralite",
                "energie",
                "formation",
                "citoyennete"
              ]
            }
          },
          "active": {
            "type": "boolean"
          }
        },
        "description": "Only the fields sent are changed.",
        "additionalProperties": false
      },
      "World": {
        "type": "object",
        "required": [
          "kind",
          "label",
          "participants"
        ],
        "properties": {
          "kind": {
            "type": "string"
          },
          "label": {
            "type": "string"
          },
          "participants": {
            "type": "integer"
          }
        }
      },
      "Commitment": {
        "type": "object",
        "required": [
          "who",
          "what"
        ],
        "properties": {
          "who": {
            "type": "string"
          },
          "what": {
            "type": "string"
          },
          "due": {
            "type": [
              "string",
              "null"
            ]
          },
          "organisationID": {
            "type": [
              "integer",
              "null"
            ]
          }
        }
      },
      "Synthesis": {
        "type": "object",
        "required": [
          "event",
          "title",
          "startsAt",
          "visibility",
          "attendance",
          "workshops",
          "plenary",
          "lunch",
          "documents"
        ],
        "properties": {
          "event": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "startsAt": {
            "type": "string"
          },
          "visibility": {
            "type": "string",
            "enum": [
              "labo",
              "public"
            ]
          },
          "attendance": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/World"
            }
          },
          "workshops": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "id",
                "title",
                "startsAt",
                "voteState",
                "proposals",
                "worlds",
                "followUps"
              ],
              "properties": {
                "id": {
                  "type": "integer"
                },
                "title": {
                  "type": "string"
                },
                "room": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "track": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "startsAt": {
                  "type": "string"
                },
                "voteState": {
                  "type": "string",
                  "enum": [
                    "pas-ouvert",
                    "ouvert",
                    "clos"
                  ]
                },
                "output": {
                  "oneOf": [
                    {
                      "type": "null"
                    },
                    {
                      "type": "object",
                      "required": [
                        "commitments"
                      ],
                      "properties": {
                        "findings": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "proposals": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "obstacles": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "resources": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "nextSteps": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "commitments": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Commitment"
                          }
                        }
                      }
                    }
                  ]
                },
                "proposals": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": [
                      "id",
                      "text",
                      "votes",
                      "voters"
                    ],
                    "properties": {
                      "id": {
                        "type": "integer"
                      },
                      "text": {
                        "type": "string"
                      },
                      "theme": {
                        "type": [
                          "string",
                          "null"
                        ]
                      },
                      "votes": {
                        "type": "integer"
                      },
                      "voters": {
                        "type": "integer"
                      }
                    }
                  }
                },
                "worlds": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/World"
                  }
                },
                "followUps": {
                  "type": "array",
                  "description": "Needs, offers and partnerships made from its commitments and proposals.",
                  "items": {
                    "type": "object",
                    "required": [
                      "source",
                      "kind",
                      "labSlug",
                      "targetID"
                    ],
                    "properties": {
                      "source": {
                        "type": "string"
                      },
                      "kind": {
                        "type": "string",
                        "enum": [
                          "besoin",
                          "offre",
                          "partenariat"
                        ]
                      },
                      "labSlug": {
                        "type": "string"
                      },
                      "targetID": {
                        "type": "integer"
                      }
                    }
                  }
                }
              }
            }
          },
          "plenary": {
            "type": "array",
            "description": "Plenary sessions' top questions from the room (approved or answered), by upvotes.",
            "items": {
              "type": "object",
              "required": [
                "id",
                "title",
                "questions"
              ],
              "properties": {
                "id": {
                  "type": "integer"
                },
                "title": {
                  "type": "string"
                },
                "questions": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": [
                      "text",
                      "votes",
                      "answered"
                    ],
                    "properties": {
                      "text": {
                        "type": "string"
                      },
                      "votes": {
                        "type": "integer"
                      },
                      "answered": {
                        "type": "boolean"
                      }
                    }
                  }
                }
              }
            }
          },
          "lunch": {
            "type": "array",
            "description": "The lunch tables of the plan, each with its guests by world.",
            "items": {
              "type": "object",
              "required": [
                "number",
                "worlds"
              ],
              "properties": {
                "number": {
                  "type": "integer"
                },
                "worlds": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/World"
                  }
                }
              }
            }
          },
          "documents": {
            "type": "array",
            "description": "Documents attached to the sessions (slides, photos), with their download address.",
            "items": {
              "type": "object",
              "required": [
                "session",
                "sessionTitle",
                "filename",
                "url",
                "contentType",
                "size"
              ],
              "properties": {
                "session": {
                  "type": "integer"
                },
                "sessionTitle": {
                  "type": "string"
                },
                "filename": {
                  "type": "string"
                },
                "url": {
                  "type": "string"
                },
                "contentType": {
                  "type": "string"
                },
                "size": {
                  "type": "integer"
                }
              }
            }
          }
        }
      },
      "Proposal": {
        "type": "object",
        "required": [
          "id",
          "workshop",
          "text",
          "status",
          "votes",
          "voters"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "workshop": {
            "type": "integer"
          },
          "text": {
            "type": "string"
          },
          "theme": {
            "type": [
              "string",
              "null"
            ]
          },
          "status": {
            "type": "string",
            "enum": [
              "visible",
              "masquee",
              "fusionnee"
            ]
          },
          "votes": {
            "type": "integer"
          },
          "voters": {
            "type": "integer"
          },
          "mergedInto": {
            "type": [
              "integer",
              "null"
            ]
          }
        }
      },
      "Resource": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "lab",
          "organisationId",
          "organisationName",
          "kind",
          "title",
          "audience",
          "conditions",
          "quantity",
          "openingHours",
          "closedDates",
          "active"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "lab": {
            "type": "string",
            "description": "The slug of the lab the resource is lent in: its bookings are made under that lab."
          },
          "organisationId": {
            "type": "integer"
          },
          "organisationName": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "salle",
              "vehicule",
              "materiel",
              "competences",
              "logiciel-service",
              "stockage",
              "autre"
            ]
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": [
              "string",
              "null"
            ]
          },
          "communeCode": {
            "type": [
              "string",
              "null"
            ]
          },
          "communeName": {
            "type": [
              "string",
              "null"
            ]
          },
          "audience": {
            "type": "string",
            "enum": [
              "labo",
              "reseau",
              "inscrits"
            ],
            "description": "Who may book it: the lab's members, the network's, anyone with an account."
          },
          "conditions": {
            "type": "string",
            "enum": [
              "gratuit",
              "participation",
              "echange"
            ]
          },
          "priceCents": {
            "type": [
              "integer",
              "null"
            ],
            "description": "The cost share, in euro cents."
          },
          "exchange": {
            "type": [
              "string",
              "null"
            ]
          },
          "quantity": {
            "type": "integer",
            "minimum": 1
          },
          "openingHours": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "weekday",
                "opens",
                "closes"
              ],
              "properties": {
                "weekday": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 7,
                  "description": "1 = Monday … 7 = Sunday."
                },
                "opens": {
                  "type": "string",
                  "pattern": "^[0-9]{2}:[0-9]{2}$"
                },
                "closes": {
                  "type": "string",
                  "pattern": "^[0-9]{2}:[0-9]{2}$"
                }
              }
            }
          },
          "closedDates": {
            "type": "array",
            "items": {
              "type": "string",
              "format": "date"
            }
          },
          "active": {
            "type": "boolean"
          }
        }
      },
      "ResourcePage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "limit",
          "page",
          "total"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Resource"
            }
          },
          "total": {
            "type": "integer"
          },
          "page": {
            "type": "integer"
          },
          "limit": {
            "type": "integer",
            "description": "Items per page."
          },
          "nextCursor": {
            "type": "string",
            "description": "The `cursor` of the next page; absent on the last page."
          }
        }
      },
      "ExperienceSummary": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "title",
          "summary",
          "questions",
          "themes",
          "modes",
          "scaling",
          "worlds",
          "departements",
          "visibility",
          "organisationIds",
          "publishedAt",
          "url"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "title": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "territory": {
            "type": [
              "string",
              "null"
            ],
            "description": "Absent when not given."
          },
          "questions": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "se-connaitre",
                "partager-experience",
                "mettre-en-commun",
                "construire-des-outils"
              ]
            }
          },
          "themes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "changer-d-echelle",
                "modele-economique",
                "gouvernance",
                "mobiliser"
              ]
            }
          },
          "modes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "mecenat-financier",
                "mecenat-nature",
                "mecenat-competences",
                "benevolat",
                "pratiques-responsables",
                "achats-responsables",
                "cooperation-economique",
                "innovation-societale"
              ]
            }
          },
          "governance": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "comite-informel",
              "convention",
              "association",
              "gie",
              "scic",
              "fondation",
              "autre",
              null
            ],
            "description": "Absent when not given."
          },
          "scaling": {
            "type": "string",
            "enum": [
              "pas-encore",
              "duplication",
              "essaimage",
              "nouveaux-partenaires",
              "fusion",
              "nouveau-territoire"
            ]
          },
          "worlds": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "association",
                "entreprise",
                "collectivite",
                "organisme-public",
                "universite-recherche",
                "structure-ess",
                "fondation",
                "reseau"
              ]
            }
          },
          "departements": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "visibility": {
            "type": "string",
            "enum": [
              "labo",
              "reseau",
              "public"
            ]
          },
          "organisationIds": {
            "type": "array",
            "items": {
              "type": "integer"
            }
          },
          "publishedAt": {
            "type": "integer",
            "description": "Seconds since 1970."
          },
          "url": {
            "type": "string"
          }
        }
      },
      "ExperiencePage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "limit",
          "page",
          "total"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ExperienceSummary"
            }
          },
          "total": {
            "type": "integer"
          },
          "page": {
            "type": "integer"
          },
          "limit": {
            "type": "integer",
            "description": "Items per page."
          },
          "nextCursor": {
            "type": "string",
            "description": "The `cursor` of the next page; absent on the last page."
          }
        }
      },
      "Experience": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "version",
          "title",
          "summary",
          "organisations",
          "questions",
          "themes",
          "modes",
          "scaling",
          "visibility",
          "timeline",
          "results",
          "links",
          "url"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "version": {
            "type": "integer",
            "description": "The published version's number."
          },
          "title": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "territory": {
            "type": [
              "string",
              "null"
            ],
            "description": "Absent when not given."
          },
          "organisations": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "id",
                "name",
                "kind"
              ],
              "properties": {
                "id": {
                  "type": "integer"
                },
                "name": {
                  "type": "string"
                },
                "kind": {
                  "type": "string",
                  "enum": [
                    "association",
                    "entreprise",
                    "collectivite",
                    "organisme-public",
                    "universite-recherche",
                    "structure-ess",
                    "fondation",
                    "reseau"
                  ]
                },
                "role": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          },
          "questions": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "se-connaitre",
                "partager-experience",
                "mettre-en-commun",
                "construire-des-outils"
              ]
            }
          },
          "themes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "changer-d-echelle",
                "modele-economique",
                "gouvernance",
                "mobiliser"
              ]
            }
          },
          "modes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "mecenat-financier",
                "mecenat-nature",
                "mecenat-competences",
                "benevolat",
                "pratiques-responsables",
                "achats-responsables",
                "cooperation-economique",
                "innovation-societale"
              ]
            }
          },
          "governance": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "comite-informel",
              "convention",
              "association",
              "gie",
              "scic",
              "fondation",
              "autre",
              null
            ],
            "description": "Absent when not given."
          },
          "scaling": {
            "type": "string",
            "enum": [
              "pas-encore",
              "duplication",
              "essaimage",
              "nouveaux-partenaires",
              "fusion",
              "nouveau-territoire"
            ]
          },
          "visibility": {
            "type": "string",
            "enum": [
              "labo",
              "reseau",
              "public"
            ]
          },
          "context": {
            "type": [
              "string",
              "null"
            ],
            "description": "Absent when not given."
          },
          "timeline": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "economicModel": {
            "type": [
              "string",
              "null"
            ],
            "description": "Absent when not given."
          },
          "results": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "indicator",
                "value"
              ],
              "properties": {
                "indicator": {
                  "type": "string"
                },
                "value": {
                  "type": "string"
                },
                "date": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date"
                }
              }
            }
          },
          "lessons": {
            "type": [
              "string",
              "null"
            ],
            "description": "Absent when not given."
          },
          "links": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "label",
                "url"
              ],
              "properties": {
                "label": {
                  "type": "string"
                },
                "url": {
                  "type": "string",
                  "format": "uri"
                }
              }
            }
          },
          "partnershipId": {
            "type": [
              "integer",
              "null"
            ],
            "description": "Absent when not given."
          },
          "publishedAt": {
            "type": [
              "integer",
              "null"
            ],
            "description": "Absent when not given."
          },
          "url": {
            "type": "string"
          }
        }
      },
      "OrganisationRef": {
        "description": "An organisation named by a listing, a recommendation or an introduction.",
        "properties": {
          "id": {
            "type": "integer"
          },
          "kind": {
            "type": "string"
          },
          "name": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "name"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Recommendation": {
        "description": "One recommended listing or organisation, with its score and reason.",
        "properties": {
          "distanceKm": {
            "type": "number"
          },
          "explanation": {
            "type": "string"
          },
          "id": {
            "type": "integer"
          },
          "organisation": {
            "$ref": "#/components/schemas/OrganisationRef"
          },
          "relevant": {
            "type": "boolean"
          },
          "score": {
            "type": "number"
          },
          "sharedModes": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "sharedThemes": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "title": {
            "type": "string"
          },
          "type": {
            "type": "string"
          }
        },
        "required": [
          "explanation",
          "id",
          "organisation",
          "score",
          "sharedModes",
          "sharedThemes",
          "type"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "IntroductionSide": {
        "description": "One side of an introduction: its organisation, its answer, and its contacts once both accepted.",
        "properties": {
          "answer": {
            "type": "string"
          },
          "contacts": {
            "items": {
              "properties": {
                "email": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "phone": {
                  "type": "string"
                },
                "role": {
                  "type": "string"
                }
              },
              "required": [
                "name"
              ],
              "type": "object",
              "additionalProperties": false
            },
            "type": "array"
          },
          "message": {
            "type": "string"
          },
          "organisation": {
            "$ref": "#/components/schemas/OrganisationRef"
          }
        },
        "required": [
          "organisation"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "Share": {
        "description": "A count out of a population, with its ratio.",
        "properties": {
          "count": {
            "type": "integer"
          },
          "population": {
            "type": "integer"
          },
          "ratio": {
            "type": "number"
          }
        },
        "required": [
          "count",
          "population"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "BarometerSegment": {
        "description": "A segment of the barometer and its share.",
        "properties": {
          "key": {
            "type": "string"
          },
          "label": {
            "type": "string"
          },
          "share": {
            "$ref": "#/components/schemas/Share"
          }
        },
        "required": [
          "key",
          "label",
          "share"
        ],
        "type": "object",
        "additionalProperties": false
      },
      "RegistrationInput": {
        "description": "A registration form. `email` is used only when an organiser registers someone else.",
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 120
          },
          "email": {
            "type": "string",
            "maxLength": 254
          },
          "organisation": {
            "type": "string",
            "maxLength": 200
          },
          "actorKind": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "dietary": {
            "type": "string",
            "maxLength": 300
          },
          "listed": {
            "type": "boolean"
          }
        },
        "additionalProperties": false
      },
      "Speaker": {
        "properties": {
          "id": {
            "type": "integer"
          },
          "name": {
            "type": "string"
          },
          "organisation": {
            "type": "string"
          },
          "part": {
            "type": "string"
          },
          "role": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "name",
          "part"
        ],
        "type": "object",
        "additionalProperties": false,
        "description": "A speaker of a session: `role` their position, `part` their part in the session."
      },
      "Session": {
        "properties": {
          "capacity": {
            "type": "integer"
          },
          "description": {
            "type": "string"
          },
          "end": {
            "type": "string"
          },
          "id": {
            "type": "integer"
          },
          "kind": {
            "type": "string"
          },
          "questions": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "room": {
            "type": "string"
          },
          "seatsLeft": {
            "type": "integer"
          },
          "speakers": {
            "items": {
              "$ref": "#/components/schemas/Speaker"
            },
            "type": "array"
          },
          "start": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "track": {
            "type": "string"
          }
        },
        "required": [
          "end",
          "id",
          "kind",
          "questions",
          "speakers",
          "start",
          "title"
        ],
        "type": "object",
        "additionalProperties": false,
        "description": "A session of a rencontre's programme, with its speakers."
      },
      "EventInput": {
        "description": "A rencontre as its organisers write it (the web form's fields). `start` and `end` are local times of Paris, `2027-03-12T09:00`. `lab` is a lab's slug: on creation the organiser's lab when absent (a network admin without it makes a network event); on update the event's lab when absent. A PUT replaces every field.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "title": {
            "type": "string",
            "maxLength": 200
          },
          "slug": {
            "type": "string",
            "maxLength": 80,
            "description": "The short address; made from the title when absent."
          },
          "acronym": {
            "type": "string",
            "maxLength": 40
          },
          "description": {
            "type": "string",
            "maxLength": 5000
          },
          "start": {
            "type": "string",
            "description": "Local time of Paris: 2027-03-12T09:00."
          },
          "end": {
            "type": "string",
            "description": "Local time of Paris, after `start`."
          },
          "venue": {
            "type": "string",
            "maxLength": 200
          },
          "address": {
            "type": "string",
            "maxLength": 300
          },
          "organisers": {
            "type": "string",
            "maxLength": 300
          },
          "status": {
            "type": "string",
            "enum": [
              "brouillon",
              "publie",
              "inscriptions-ouvertes",
              "inscriptions-closes",
              "passe"
            ],
            "description": "Default: brouillon (draft)."
          },
          "capacity": {
            "type": "integer",
            "minimum": 1,
            "maximum": 100000
          },
          "offerHours": {
            "type": "integer",
            "minimum": 1,
            "maximum": 720,
            "description": "Hours a person offered a freed seat has to confirm (default 48)."
          },
          "lab": {
            "type": "string",
            "maxLength": 80
          }
        }
      },
      "SessionInput": {
        "description": "A session as its organisers write it, with its speakers (replaced as a whole). `start` and `end` are local times of Paris.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "kind": {
            "type": "string",
            "enum": [
              "accueil",
              "grand-temoin",
              "table-ronde",
              "atelier",
              "repas",
              "networking",
              "restitution",
              "conclusion",
              "autre"
            ],
            "description": "Default: autre."
          },
          "title": {
            "type": "string",
            "maxLength": 200
          },
          "start": {
            "type": "string"
          },
          "end": {
            "type": "string"
          },
          "room": {
            "type": "string",
            "maxLength": 120
          },
          "track": {
            "type": "string",
            "maxLength": 120
          },
          "capacity": {
            "type": "integer",
            "minimum": 1,
            "maximum": 100000
          },
          "description": {
            "type": "string",
            "maxLength": 5000
          },
          "questions": {
            "type": "array",
            "items": {
              "type": "string",
              "maxLength": 300
            }
          },
          "speakers": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "name"
              ],
              "properties": {
                "name": {
                  "type": "string",
                  "maxLength": 120
                },
                "role": {
                  "type": "string",
                  "maxLength": 200,
                  "description": "Their position."
                },
                "organisation": {
                  "type": "string",
                  "maxLength": 200
                },
                "part": {
                  "type": "string",
                  "maxLength": 80,
                  "description": "Their part: intervenant (default), animatrice, grand témoin…"
                },
                "bio": {
                  "type": "string",
                  "maxLength": 1000
                }
              }
            }
          }
        }
      },
      "CheckInInput": {
        "description": "A check-in: at the entrance, or in a session's room with `session`. Send `{}` for the entrance.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "session": {
            "type": "integer"
          }
        }
      },
      "CheckIn": {
        "description": "A recorded check-in.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "checkedIn",
          "registrationId"
        ],
        "properties": {
          "registrationId": {
            "type": "integer"
          },
          "sessionId": {
            "type": "integer"
          },
          "checkedIn": {
            "type": "boolean"
          }
        }
      },
      "MeetingPerson": {
        "description": "A participant who chose to be listed.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "description": "Their registration's id: what `invitee` takes."
          },
          "name": {
            "type": "string"
          },
          "organisation": {
            "type": "string"
          },
          "actorKind": {
            "type": "string"
          }
        }
      },
      "MeetingRequest": {
        "description": "A one-to-one meeting request, sent or received.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "announced",
          "id",
          "invitee",
          "requester",
          "status"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "requester": {
            "$ref": "#/components/schemas/MeetingPerson"
          },
          "invitee": {
            "$ref": "#/components/schemas/MeetingPerson"
          },
          "message": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "demande",
              "acceptee",
              "refusee",
              "annulee"
            ]
          },
          "slot": {
            "type": "integer"
          },
          "table": {
            "type": "integer"
          },
          "announced": {
            "type": "boolean"
          }
        }
      },
      "Meetings": {
        "description": "The signed-in participant's meetings at a rencontre: their requests, and (once their registration is confirmed) the people listed.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "people",
          "registrationId",
          "requests"
        ],
        "properties": {
          "registrationId": {
            "type": "integer"
          },
          "requests": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MeetingRequest"
            }
          },
          "people": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MeetingPerson"
            }
          }
        }
      },
      "MeetingRequestInput": {
        "description": "Ask a listed participant for a meeting.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "invitee"
        ],
        "properties": {
          "invitee": {
            "type": "integer",
            "description": "The `id` of a person of `people`."
          },
          "message": {
            "type": "string",
            "maxLength": 500
          }
        }
      },
      "MeetingAnswerInput": {
        "description": "The invitee's answer.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "accept"
        ],
        "properties": {
          "accept": {
            "type": "boolean"
          }
        }
      },
      "Booking": {
        "description": "A booking, as the person who asked and those who answer for the resource see it. `start` and `end` are local times of Paris.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "end",
          "id",
          "quantity",
          "resourceId",
          "resourceTitle",
          "start",
          "status"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "resourceId": {
            "type": "integer"
          },
          "resourceTitle": {
            "type": "string"
          },
          "requester": {
            "type": "string"
          },
          "requesterOrganisation": {
            "type": "string"
          },
          "start": {
            "type": "string"
          },
          "end": {
            "type": "string"
          },
          "quantity": {
            "type": "integer"
          },
          "message": {
            "type": "string"
          },
          "answer": {
            "type": "string",
            "description": "The owner's note with their answer."
          },
          "status": {
            "type": "string",
            "enum": [
              "demandee",
              "acceptee",
              "refusee",
              "annulee"
            ]
          }
        }
      },
      "Bookings": {
        "description": "My bookings in this lab (`mine`), and those asked of my organisation's resources, waiting or accepted (`received`).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "mine",
          "received"
        ],
        "properties": {
          "mine": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Booking"
            }
          },
          "received": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Booking"
            }
          }
        }
      },
      "BookingInput": {
        "description": "A booking request: a range within the resource's opening hours, not in the past, at most 31 days; a quantity within its stock (default 1).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "start": {
            "type": "string",
            "description": "Local time of Paris: 2027-01-12T14:00."
          },
          "end": {
            "type": "string"
          },
          "quantity": {
            "type": "integer",
            "minimum": 1
          },
          "message": {
            "type": "string",
            "maxLength": 1000
          }
        }
      },
      "BookingAnswerInput": {
        "description": "An optional note with the answer.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "note": {
            "type": "string",
            "maxLength": 1000
          }
        }
      },
      "Webhook": {
        "description": "A lab's webhook subscription (never its secret).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "active",
          "createdAt",
          "events",
          "id",
          "name",
          "url",
          "waiting"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "name": {
            "type": "string"
          },
          "url": {
            "type": "string"
          },
          "events": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "active": {
            "type": "boolean"
          },
          "pausedReason": {
            "type": "string",
            "description": "Why the worker paused it after 24 h of failures; `reactivate` resumes it."
          },
          "waiting": {
            "type": "integer",
            "description": "Deliveries waiting to be sent."
          },
          "createdAt": {
            "type": "integer",
            "description": "Unix time."
          }
        }
      },
      "WebhookDelivery": {
        "description": "One delivery of an event to a subscription.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "attempts",
          "createdAt",
          "eventId",
          "id",
          "nextAttemptAt",
          "type"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "eventId": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "createdAt": {
            "type": "integer"
          },
          "attempts": {
            "type": "integer"
          },
          "nextAttemptAt": {
            "type": "integer"
          },
          "deliveredAt": {
            "type": "integer"
          },
          "givenUpAt": {
            "type": "integer"
          },
          "lastStatus": {
            "type": "integer",
            "description": "The receiver's last HTTP status."
          },
          "lastError": {
            "type": "string"
          }
        }
      },
      "WebhookDetail": {
        "description": "A subscription and its 50 latest deliveries.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "deliveries",
          "subscription"
        ],
        "properties": {
          "subscription": {
            "$ref": "#/components/schemas/Webhook"
          },
          "deliveries": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/WebhookDelivery"
            }
          }
        }
      },
      "WebhookCreated": {
        "description": "A new subscription and its signing secret, shown in this answer only.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "secret",
          "subscription"
        ],
        "properties": {
          "subscription": {
            "$ref": "#/components/schemas/Webhook"
          },
          "secret": {
            "type": "string",
            "description": "`whsec_…`: verify `Alliances-Signature` with it (docs/API.md)."
          }
        }
      },
      "WebhookInput": {
        "description": "A subscription: an https:// URL of a public address, and the events to send.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 80
          },
          "url": {
            "type": "string",
            "maxLength": 2000
          },
          "events": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "organisation.created",
                "organisation.updated",
                "need.published",
                "offer.published",
                "introduction.accepted",
                "registration.created",
                "registration.cancelled",
                "registration.promoted",
                "registration.checked_in",
                "partnership.changed"
              ]
            }
          }
        }
      },
      "Allocation": {
        "description": "A rencontre's workshop allocation: its runs (latest first, at most 20) and the placements of the published one.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "placements",
          "runs"
        ],
        "properties": {
          "runs": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "createdAt",
                "id",
                "objective",
                "participants",
                "placedWithoutChoice",
                "profile",
                "provenOptimal",
                "unassigned"
              ],
              "properties": {
                "id": {
                  "type": "integer"
                },
                "objective": {
                  "type": "string",
                  "enum": [
                    "rang",
                    "rang2"
                  ],
                  "description": "`rang`: as many first choices as possible, then second…; `rang2`: the least sum of ranks."
                },
                "participants": {
                  "type": "integer"
                },
                "profile": {
                  "type": "array",
                  "items": {
                    "type": "integer"
                  },
                  "description": "How many got their 1st, 2nd… choice."
                },
                "unassigned": {
                  "type": "integer"
                },
                "placedWithoutChoice": {
                  "type": "integer"
                },
                "provenOptimal": {
                  "type": "boolean"
                },
                "createdAt": {
                  "type": "integer"
                },
                "publishedAt": {
                  "type": "integer"
                }
              }
            }
          },
          "publishedRun": {
            "type": "integer"
          },
          "placements": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "locked",
                "registrationId",
                "sessionId"
              ],
              "properties": {
                "registrationId": {
                  "type": "integer"
                },
                "sessionId": {
                  "type": "integer"
                },
                "rank": {
                  "type": "integer",
                  "description": "The rank given to this workshop; absent when placed without a choice."
                },
                "locked": {
                  "type": "boolean"
                }
              }
            }
          }
        }
      },
      "LunchSeat": {
        "description": "A confirmed participant's table at the lunch (personal data: organisers only).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "registrationId",
          "table"
        ],
        "properties": {
          "table": {
            "type": "integer"
          },
          "registrationId": {
            "type": "integer"
          },
          "name": {
            "type": "string"
          },
          "organisation": {
            "type": "string"
          },
          "region": {
            "type": "string"
          }
        }
      },
      "ExperienceWrite": {
        "description": "A sheet as its authors write it and read it back. Lists replace the web form's one-item-per-line fields: an item may not hold a line break, nor « ; » in a result or « | » in a link's label. Title, summary, at least one organisation, a question or a theme, and the visibility are required (422 otherwise, in French).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "title": {
            "type": "string",
            "maxLength": 160
          },
          "summary": {
            "type": "string",
            "maxLength": 1000
          },
          "territory": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 200,
            "description": "Where it happened, in words."
          },
          "organisations": {
            "type": "array",
            "maxItems": 12,
            "description": "The organisations of the lab's directory that led it, and their roles; a member's own organisation must be among them.",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "organisationId": {
                  "type": "integer"
                },
                "role": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "maxLength": 120
                }
              }
            }
          },
          "questions": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "se-connaitre",
                "partager-experience",
                "mettre-en-commun",
                "construire-des-outils"
              ]
            }
          },
          "themes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "changer-d-echelle",
                "modele-economique",
                "gouvernance",
                "mobiliser"
              ]
            }
          },
          "modes": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "mecenat-financier",
                "mecenat-nature",
                "mecenat-competences",
                "benevolat",
                "pratiques-responsables",
                "achats-responsables",
                "cooperation-economique",
                "innovation-societale"
              ]
            }
          },
          "governance": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "comite-informel",
              "convention",
              "association",
              "gie",
              "scic",
              "fondation",
              "autre",
              null
            ]
          },
          "scaling": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "pas-encore",
              "duplication",
              "essaimage",
              "nouveaux-partenaires",
              "fusion",
              "nouveau-territoire",
              null
            ]
          },
          "visibility": {
            "type": "string",
            "enum": [
              "labo",
              "reseau",
              "public"
            ],
            "description": "Who reads it once published."
          },
          "context": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 8000
          },
          "timeline": {
            "type": "array",
            "maxItems": 50,
            "items": {
              "type": "string",
              "maxLength": 300
            }
          },
          "economicModel": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 4000
          },
          "results": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "indicator": {
                  "type": "string",
                  "maxLength": 200
                },
                "value": {
                  "type": "string",
                  "maxLength": 100
                },
                "date": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date",
                  "description": "AAAA-MM-JJ."
                }
              }
            }
          },
          "lessons": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 8000
          },
          "links": {
            "type": "array",
            "maxItems": 10,
            "items": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "label": {
                  "type": "string",
                  "maxLength": 200
                },
                "url": {
                  "type": "string",
                  "maxLength": 500,
                  "pattern": "^https?://",
                  "description": "http:// or https://."
                }
              }
            }
          },
          "contactOrganisationId": {
            "type": [
              "integer",
              "null"
            ],
            "description": "One of the sheet's organisations, written to when a reader asks the authors (the first one if absent)."
          },
          "contactPersonId": {
            "type": [
              "integer",
              "null"
            ],
            "description": "A person of the contact organisation, named only in an introduction both sides accepted."
          },
          "partnershipId": {
            "type": [
              "integer",
              "null"
            ],
            "description": "The partnership it is written from: on creation only."
          }
        }
      },
      "ExperienceDraft": {
        "description": "A sheet as its editors see it: its review status and its latest version.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "status",
          "version",
          "visibility",
          "url",
          "sheet"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "status": {
            "type": "string",
            "enum": [
              "brouillon",
              "soumise",
              "publiee",
              "archivee"
            ]
          },
          "version": {
            "type": "integer",
            "description": "The latest version's number."
          },
          "publishedVersion": {
            "type": [
              "integer",
              "null"
            ],
            "description": "The version readers see; absent before the first publication."
          },
          "visibility": {
            "type": "string",
            "enum": [
              "labo",
              "reseau",
              "public"
            ],
            "description": "Who reads the published version now (the latest version's choice applies when it is published)."
          },
          "partnershipId": {
            "type": [
              "integer",
              "null"
            ]
          },
          "url": {
            "type": "string"
          },
          "sheet": {
            "$ref": "#/components/schemas/ExperienceWrite"
          }
        }
      },
      "ExperienceStepInput": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "action": {
            "type": "string",
            "enum": [
              "soumettre",
              "publier",
              "renvoyer",
              "archiver",
              "restaurer"
            ]
          },
          "comment": {
            "type": "string",
            "maxLength": 4000,
            "description": "Kept with the step; required to send a sheet back."
          }
        }
      },
      "ResourceWrite": {
        "description": "A resource as its lender writes it. `organisationId`, `kind`, `title`, `audience`, `conditions` and at least one opening day are required (422 otherwise, in French, with the field).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "organisationId": {
            "type": [
              "integer",
              "null"
            ],
            "description": "The lending organisation: the member's own, or any of the lab's for a facilitator."
          },
          "kind": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "salle",
              "vehicule",
              "materiel",
              "competences",
              "logiciel-service",
              "stockage",
              "autre",
              null
            ]
          },
          "title": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 120
          },
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 4000
          },
          "commune": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 80,
            "description": "A commune of the lab's perimeter: its name or INSEE code."
          },
          "audience": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "labo",
              "reseau",
              "inscrits",
              null
            ],
            "description": "Who may book it: the lab's members, the network's, anyone with an account."
          },
          "conditions": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "gratuit",
              "participation",
              "echange",
              null
            ]
          },
          "priceCents": {
            "type": [
              "integer",
              "null"
            ],
            "description": "The cost share asked, in euro cents (with `participation`; 1 to 10,000,000)."
          },
          "exchange": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 500,
            "description": "What is asked in exchange (with `echange`)."
          },
          "quantity": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 10000
          },
          "openingHours": {
            "type": [
              "array",
              "null"
            ],
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "weekday",
                "opens",
                "closes"
              ],
              "properties": {
                "weekday": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 7,
                  "description": "1 = Monday … 7 = Sunday."
                },
                "opens": {
                  "type": "string",
                  "pattern": "^[0-9]{2}:[0-9]{2}$"
                },
                "closes": {
                  "type": "string",
                  "pattern": "^[0-9]{2}:[0-9]{2}$"
                }
              }
            },
            "description": "At most one range per weekday; closing after opening."
          },
          "closedDates": {
            "type": [
              "array",
              "null"
            ],
            "items": {
              "type": "string",
              "format": "date"
            },
            "maxItems": 366
          },
          "active": {
            "type": [
              "boolean",
              "null"
            ],
            "description": "On a change only: false archives it, true brings it back."
          }
        }
      },
      "ProposalInput": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "text": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 280,
            "description": "Required: one line, 280 characters at most."
          },
          "theme": {
            "type": [
              "string",
              "null"
            ],
            "description": "One of the workshop's questions, as written in the programme."
          }
        }
      },
      "VoteInput": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "dots": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "description": "The dots put on the proposal now (required)."
          }
        }
      },
      "ModerationInput": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "action": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "masquer",
              "afficher",
              "fusionner",
              null
            ]
          },
          "into": {
            "type": [
              "integer",
              "null"
            ],
            "description": "With fusionner: the visible proposal it is merged into."
          }
        }
      },
      "Workshop": {
        "description": "A workshop's vote as one participant takes part in it.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "session",
          "title",
          "part",
          "voteState",
          "votesPerParticipant",
          "votesUsed",
          "questions",
          "proposals",
          "ballot"
        ],
        "properties": {
          "session": {
            "type": "integer"
          },
          "title": {
            "type": "string"
          },
          "part": {
            "type": "string",
            "enum": [
              "participant",
              "rapporteur"
            ]
          },
          "voteState": {
            "type": "string",
            "enum": [
              "pas-ouvert",
              "ouvert",
              "clos"
            ]
          },
          "votesPerParticipant": {
            "type": "integer"
          },
          "votesUsed": {
            "type": "integer"
          },
          "questions": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "proposals": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "id",
                "text",
                "status",
                "votes",
                "voters",
                "mine"
              ],
              "properties": {
                "id": {
                  "type": "integer"
                },
                "text": {
                  "type": "string"
                },
                "theme": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "status": {
                  "type": "string",
                  "enum": [
                    "visible",
                    "masquee",
                    "fusionnee"
                  ]
                },
                "votes": {
                  "type": "integer"
                },
                "voters": {
                  "type": "integer"
                },
                "mergedInto": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "mine": {
                  "type": "boolean",
                  "description": "Posted by the caller."
                }
              }
            }
          },
          "ballot": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "proposalId",
                "dots"
              ],
              "properties": {
                "proposalId": {
                  "type": "integer"
                },
                "dots": {
                  "type": "integer"
                }
              }
            }
          }
        }
      },
      "OutputInput": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "findings": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 4000,
            "description": "Constats clés."
          },
          "proposals": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 4000,
            "description": "Propositions retenues."
          },
          "obstacles": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 4000,
            "description": "Freins identifiés."
          },
          "resources": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 4000,
            "description": "Ressources à mettre en commun."
          },
          "nextSteps": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 4000,
            "description": "Prochaines étapes."
          },
          "commitments": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 30,
            "items": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "who": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "maxLength": 300,
                  "description": "Who commits (both `who` and `what`, or neither)."
                },
                "what": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "maxLength": 300
                },
                "due": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "maxLength": 100,
                  "description": "For when, in words."
                }
              }
            }
          },
          "publish": {
            "type": [
              "boolean",
              "null"
            ],
            "description": "true publishes it in the synthesis; false or absent keeps it a draft."
          }
        }
      },
      "WorkshopOutput": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "status",
          "commitments"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "vide",
              "brouillon",
              "publie"
            ]
          },
          "findings": {
            "type": [
              "string",
              "null"
            ]
          },
          "proposals": {
            "type": [
              "string",
              "null"
            ]
          },
          "obstacles": {
            "type": [
              "string",
              "null"
            ]
          },
          "resources": {
            "type": [
              "string",
              "null"
            ]
          },
          "nextSteps": {
            "type": [
              "string",
              "null"
            ]
          },
          "commitments": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "who",
                "what"
              ],
              "properties": {
                "who": {
                  "type": "string"
                },
                "what": {
                  "type": "string"
                },
                "due": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "organisationId": {
                  "type": [
                    "integer",
                    "null"
                  ]
                }
              }
            }
          }
        }
      }
    },
    "securitySchemes": {
      "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "alliances_session",
        "description": "The session cookie set by POST /connexion (the web login form). Writes take JSON only: a cross-site form cannot send it."
      },
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token made on « Mon compte » (/compte), sent as Authorization: Bearer alt_…. It acts as its owner, within its scope: « lecture » (GET) or « lecture-ecriture ». An unknown, expired or revoked token answers 401, a write with a read-only token 403."
      }
    },
    "responses": {
      "BadRequest": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "Bad request: JSON or a parameter that cannot be read."
      },
      "Conflict": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "The record's state does not allow it."
      },
      "ContentTooLarge": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "Body too large (1 MiB)."
      },
      "Forbidden": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "Logged in without the right to do this."
      },
      "NotFound": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "No such lab, record or page."
      },
      "TooManyRequests": {
        "description": "Too many requests for this token or this client address in the current minute: see Retry-After.",
        "headers": {
          "Retry-After": {
            "description": "Seconds until the window ends.",
            "schema": {
              "type": "integer"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unauthorized": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "Not logged in."
      },
      "UnprocessableContent": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "Invalid data: the message and each field's error."
      },
      "UnsupportedMediaType": {
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "The body is not JSON."
      }
    },
    "parameters": {
      "Limit": {
        "name": "limit",
        "in": "query",
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 200
        },
        "description": "Items per page, at most 200 (default: the list's own, 20 to 50)."
      },
      "Cursor": {
        "name": "cursor",
        "in": "query",
        "schema": {
          "type": "string",
          "maxLength": 1000
        },
        "description": "The `nextCursor` of the previous page, as it was given (opaque). Without it, the first page (or the `page` asked)."
      },
      "Event": {
        "name": "event",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        },
        "description": "The event's slug.",
        "example": "alliances-2027"
      }
    }
  },
  "tags": [
    {
      "name": "Library",
      "description": "The experience library: published sheets, searched and faceted."
    },
    {
      "name": "Webhooks",
      "description": "A lab's subscriptions to its events (facilitators)."
    }
  ]
}
"""#
}
