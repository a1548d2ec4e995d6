import Foundation
import Testing
@testable import LLM
import Prose

@Suite("Request bodies")
struct RequestBodyTests {
    static let schema = #"{"type": "object", "properties": {"title": {"type": "string", "maxLength": 60}, "tags": {"type": "array", "items": {"type": "string"}}}, "required": ["title"], "additionalProperties": false}"#

    static func bodies() -> [OpenAIChatModel.Body] {
        let messages = [OpenAIChatModel.Body.Message(role: "system", content: "Écrivez « court ».\n\t\"Citez\" \\ rien \u{1}"),
                        OpenAIChatModel.Body.Message(role: "user", content: "Length: 50 to 75 words. 😀 </script>")]
        return [
            .init(model: "gpt/4o", messages: messages, temperature: 0.7, max_tokens: 300, stream: false, stream_options: nil, response_format: nil),
            .init(model: "m", messages: messages, temperature: nil, max_tokens: nil, stream: true, stream_options: .init(), response_format: nil),
            .init(model: "m", messages: messages, temperature: 0, max_tokens: 10, stream: false, stream_options: nil,
                  response_format: .init(type: "json_schema", json_schema: .init(schema: try! JSONValue(parsing: schema)))),
            .init(model: "m", messages: [], temperature: 1.25, max_tokens: nil, stream: false, stream_options: nil, response_format: .init(type: "json_object")),
        ]
    }

    @Test("the OpenAI body carries every member, the schema as JSON, keys sorted", arguments: 0..<4)
    func members(index: Int) throws {
        let body = Self.bodies()[index]
        let data = try body.encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["model"] as? String == body.model)
        #expect((object["messages"] as? [[String: String]])?.map { $0["content"] } == body.messages.map(\.content))
        #expect(object["max_tokens"] as? Int == body.max_tokens)
        #expect(object["stream"] as? Bool == body.stream)
        if body.response_format?.json_schema != nil {
            let format = try #require(object["response_format"] as? [String: Any])
            let schema = try #require((format["json_schema"] as? [String: Any])?["schema"] as? [String: Any])
            #expect(schema["required"] as? [String] == ["title"])
            #expect(schema["additionalProperties"] as? Bool == false)
            #expect(((schema["properties"] as? [String: Any])?["title"] as? [String: Any])?["maxLength"] as? Int == 60)
        }
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix(#"{"max_tokens""#) || text.hasPrefix(#"{"messages""#))
    }

    @Test("a schema that is not JSON is refused")
    func invalidSchema() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{not json") }
    }
}
