// libyaml (Debian's libyaml-dev): the YAML 1.1 parser and emitter behind KubeLegoYAML.
#include <yaml.h>
