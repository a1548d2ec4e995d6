import Foundation
import Testing
@testable import LLM

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
                  response_format: .init(type: "json_schema", json_schema: .init(schema: RawJSON(schema)))),
            .init(model: "m", messages: [], temperature: 1.25, max_tokens: nil, stream: false, stream_options: nil, response_format: .init(type: "json_object")),
        ]
    }

    @Test("the OpenAI body written directly is the same JSON as its Encodable form", arguments: 0..<4)
    func sameAsEncoder(index: Int) throws {
        let body = Self.bodies()[index]
        let direct = try JSONSerialization.jsonObject(with: try body.encoded()) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(body)) as? NSDictionary
        #expect(direct != nil)
        #expect(direct == encoded)
    }

    @Test("a schema that is not JSON is refused, as the encoder refused it")
    func invalidSchema() {
        let body = OpenAIChatModel.Body(model: "m", messages: [], temperature: nil, max_tokens: nil, stream: false, stream_options: nil,
                                        response_format: .init(type: "json_schema", json_schema: .init(schema: RawJSON("{not json"))))
        #expect(throws: (any Error).self) { try body.encoded() }
    }
}
