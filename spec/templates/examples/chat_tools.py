import json

from openai_client import OpenAI

client = OpenAI()  # reads OPENAI_API_KEY (and OPENAI_BASE_URL if set)


def get_weather(city: str, unit: str = "celsius") -> dict[str, object]:
    return {"city": city, "temperature": 22, "unit": unit}


tools = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "City name"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                },
                "required": ["city"],
                "additionalProperties": False,
            },
        },
    }
]
messages: list[dict[str, object]] = [{"role": "user", "content": "What's the weather in Beijing?"}]

response = client.chat.completions.create(model="gpt-5.2", messages=messages, tools=tools, tool_choice="auto")
message = response.choices[0].message

if response.choices[0].finish_reason == "tool_calls" and message.tool_calls:
    # Send the assistant turn back, then one tool message per call with the function's result.
    messages.append(message.to_dict())
    for call in message.tool_calls:
        result = get_weather(**json.loads(call.function.arguments))
        messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})
    follow_up = client.chat.completions.create(model="gpt-5.2", messages=messages, tools=tools)
    print("tool round trip:", [m["role"] for m in messages], "->", follow_up.choices[0].finish_reason)
else:
    print("answer:", message.content)
