{{/* Names and labels shared by every template. */}}

{{- define "cubby.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name: the release name alone when it already says "cubby". */}}
{{- define "cubby.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "cubby.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cubby.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cubby.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "cubby.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "cubby.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cubby.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: name the ServiceAccount to use when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "cubby.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* NEXTAUTH_URL: auth.url, else the ingress host (https when the ingress has TLS). */}}
{{- define "cubby.url" -}}
{{- if .Values.auth.url -}}
{{- .Values.auth.url -}}
{{- else if and .Values.ingress.enabled .Values.ingress.host -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- else -}}
{{- fail "auth.url: set the dashboard's public URL, or enable the ingress with ingress.host" -}}
{{- end -}}
{{- end -}}

{{/* Where the chart mounts the local accounts Secret (a directory, so updates reach the pod). */}}
{{- define "cubby.localAccountsDir" -}}/etc/cubby/local-accounts{{- end -}}

{{/* The read-only root filesystem leaves these writable (emptyDir volumes). */}}
{{- define "cubby.cacheDir" -}}/var/cache/cubby{{- end -}}
