"""Query limits, built once so the validation cache can recognise them.

Strawberry's limiter extensions create a new rule class per request when constructed per request,
which makes every request a validation-cache miss; the same rules made once at import are equal
across requests, so a repeated document is validated once.
"""
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.extensions.max_aliases import create_validator as max_aliases
from strawberry.extensions.query_depth_limiter import create_validator as max_depth

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000
RULES = [max_depth(MAX_DEPTH, None, None), max_aliases(MAX_ALIASES)]

EXTENSIONS = [
    lambda: AddValidationRules(RULES),
    lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    # clients send the same few documents; parsing and validating them again each time was 70%
    # of the gateway's own time per request (bench P1, pyinstrument)
    lambda: ParserCache(maxsize=1000),
    lambda: ValidationCache(maxsize=1000),
]
