// How a token is named in syntax error messages.
#include "parser/token.h"

namespace weir {

std::string Token::describe() const {
    switch (kind) {
    case TokenKind::End: return "end of input";
    case TokenKind::String: return "the string '" + text + "'";
    case TokenKind::QuotedIdentifier: return "\"" + text + "\"";
    default: return "'" + text + "'";
    }
}

}  // namespace weir
