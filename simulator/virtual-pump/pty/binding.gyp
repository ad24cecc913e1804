# Builds simulator/virtual-pump/pty/pty.c into build/Release/pty.node (run by simulator/virtual-pump/pty/install.mjs at npm install).
{
  "targets": [
    {
      "target_name": "pty",
      "sources": ["pty.c"],
      "cflags": ["-Wall", "-Wextra", "-Werror"],
      "conditions": [
        ["OS=='linux'", { "libraries": ["-lutil"] }],
        ["OS=='mac'", { "xcode_settings": { "WARNING_CFLAGS": ["-Wall", "-Wextra"] } }]
      ]
    }
  ]
}
