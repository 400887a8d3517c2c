{{/*
Labels every object of the real chart carries. The chart label is cut to 63 characters with + and @
replaced, because a label value allows neither and a prerelease version can contain them.
*/}}
{{- define "vcluster.labels" -}}
app: vcluster
chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | replace "@" "_" | trunc 63 | quote }}
release: {{ .Release.Name | quote }}
heritage: {{ .Release.Service | quote }}
{{- end -}}

{{/* The pods' labels, which the Services and the StatefulSet select on. */}}
{{- define "vcluster.selectorLabels" -}}
app: vcluster
release: {{ .Release.Name | quote }}
{{- end -}}

{{/*
An object's own annotations over the global ones, as YAML, or nothing when both are empty so that
a default render carries no empty annotations map. Call with (list $ ownAnnotations).
*/}}
{{- define "vcluster.annotations" -}}
{{- $root := index . 0 -}}
{{- $merged := merge (dict) (index . 1 | default dict) ($root.Values.controlPlane.advanced.globalMetadata.annotations | default dict) -}}
{{- if $merged -}}
{{- toYaml $merged -}}
{{- end -}}
{{- end -}}

{{- define "vcluster.serviceAccountName" -}}
{{- .Values.controlPlane.advanced.serviceAccount.name | default (printf "vc-%s" .Release.Name) -}}
{{- end -}}

{{- define "vcluster.workloadServiceAccountName" -}}
{{- .Values.controlPlane.advanced.workloadServiceAccount.name | default (printf "vc-workload-%s" .Release.Name) -}}
{{- end -}}

{{/* Cluster-scoped names include the namespace because release names repeat across namespaces. */}}
{{- define "vcluster.clusterRoleName" -}}
{{- printf "vc-%s-v-%s" .Release.Name .Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* With namespace sync the syncer's own rules must reach other namespaces, so the Role becomes cluster-scoped. */}}
{{- define "vcluster.multiNamespaceRoleName" -}}
{{- printf "vc-mn-%s-v-%s" .Release.Name .Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* registry/repository:tag, where a default registry replaces every image's own. */}}
{{- define "vcluster.imageRef" -}}
{{- $registry := .defaultRegistry | default .image.registry -}}
{{- if $registry -}}
{{ $registry }}/{{ .image.repository }}:{{ .tag }}
{{- else -}}
{{ .image.repository }}:{{ .tag }}
{{- end -}}
{{- end -}}

{{- define "vcluster.syncerImage" -}}
{{- $image := .Values.controlPlane.statefulSet.image -}}
{{- include "vcluster.imageRef" (dict "defaultRegistry" .Values.controlPlane.advanced.defaultImageRegistry "image" $image "tag" ($image.tag | default .Chart.Version)) -}}
{{- end -}}

{{- define "vcluster.kubernetesImage" -}}
{{- $k8s := .Values.controlPlane.distro.k8s -}}
{{- include "vcluster.imageRef" (dict "defaultRegistry" .Values.controlPlane.advanced.defaultImageRegistry "image" $k8s.image "tag" ($k8s.version | default $k8s.image.tag)) -}}
{{- end -}}

{{/*
"true" when the control plane gets a PVC. The default backing store (embedded database) keeps its
data on disk, so auto means yes; only an explicit false turns it off.
*/}}
{{- define "vcluster.persistent" -}}
{{- if ne (toString .Values.controlPlane.statefulSet.persistence.volumeClaim.enabled) "false" -}}
true
{{- end -}}
{{- end -}}

{{/* Without a PVC the real chart runs the control plane as a Deployment. */}}
{{- define "vcluster.workloadKind" -}}
{{- if include "vcluster.persistent" . -}}
StatefulSet
{{- else -}}
Deployment
{{- end -}}
{{- end -}}

{{/*
Changes whenever any value changes. It sits on the pod template, so an upgrade that only changes
the config Secret still rolls the pod and the syncer rereads its config.
*/}}
{{- define "vcluster.configHash" -}}
{{- toYaml .Values | sha256sum -}}
{{- end -}}

{{/* "true" when some enabled option needs cluster-scoped access. */}}
{{- define "vcluster.needsClusterRole" -}}
{{- $setting := toString .Values.rbac.clusterRole.enabled -}}
{{- if eq $setting "true" -}}
true
{{- else if eq $setting "auto" -}}
{{- $sync := .Values.sync -}}
{{- if or .Values.rbac.clusterRole.overwriteRules .Values.rbac.clusterRole.extraRules $sync.fromHost.nodes.enabled $sync.fromHost.ingressClasses.enabled $sync.toHost.storageClasses.enabled $sync.toHost.persistentVolumes.enabled $sync.toHost.priorityClasses.enabled $sync.toHost.namespaces.enabled -}}
true
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Quota and limit range come as a pair: one set to true brings the other unless it is false. */}}
{{- define "vcluster.policyEnabled" -}}
{{- $self := toString (index . 0) -}}
{{- $other := toString (index . 1) -}}
{{- if and (ne $self "false") (or (eq $self "true") (eq $other "true")) -}}
true
{{- end -}}
{{- end -}}
