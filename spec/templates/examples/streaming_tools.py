from openai_client import OpenAI

client = OpenAI()

stream = client.chat.completions.create(
    model="gpt-5.2",
    messages=[{"role": "user", "content": "Weather in Paris and Rome?"}],
    tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
    stream=True,
    stream_options={"include_usage": True},
)

text: list[str] = []
arguments: dict[int, str] = {}  # tool call index -> arguments assembled from the deltas
chunks = 0
for chunk in stream:
    chunks += 1
    for choice in chunk.choices:
        if choice.delta.content:
            text.append(choice.delta.content)
        for call in choice.delta.tool_calls or []:
            if call.function and call.function.arguments:
                arguments[call.index] = arguments.get(call.index, "") + call.function.arguments
    if chunk.usage:
        print("tokens:", chunk.usage.total_tokens)
print("streamed", chunks, "chunks;", len("".join(text)), "characters of text;", len(arguments), "tool calls")
