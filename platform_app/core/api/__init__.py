"""What every resource of the REST API shares: the base viewset, pagination, filters, conditional
answers, bulk exports, errors, strict inputs, rate limits and the OpenAPI schema."""
