import json

from openai_client import OpenAI

client = OpenAI()

response = client.chat.completions.create(
    model="gpt-5.2",
    messages=[{"role": "user", "content": "List 3 planets with their number of moons."}],
    response_format={
        "type": "json_schema",
        "json_schema": {
            "name": "planets",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {
                    "planets": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"name": {"type": "string"}, "moons": {"type": "integer"}},
                            "required": ["name", "moons"],
                            "additionalProperties": False,
                        },
                    }
                },
                "required": ["planets"],
                "additionalProperties": False,
            },
        },
    },
)
content = response.choices[0].message.content
print("structured output:", json.loads(content) if content else None)
