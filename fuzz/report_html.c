// SPDX-License-Identifier: GPL-2.0-only
/* A finding as one HTML page (see report_html.h). */
#include "report_html.h"

#include <stdlib.h>
#include <string.h>

#include "html_assets.h"
#include "inject_env.h"
#include "input/input.h"
#include "objlog.h"

#define LIFE_SHOWN 512

/* A JSON string; '<' escaped so that no text can end the script. */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&')
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static void json_key(FILE *out, const char *key, const char *value)
{
	fprintf(out, "\"%s\":", key);
	json_str(out, value);
	fputc(',', out);
}

static void print_trace(FILE *out, const struct run_result *res)
{
	unsigned int i;
	char text[160], arg[32];

	fputs("\"trace\":[", out);
	for (i = 0; i < res->nr_trace; i++) {
		const struct run_trace_line *t = &res->trace[i];

		snprintf(arg, sizeof(arg), "0x%lx", t->arg);
		if (t->what)
			snprintf(text, sizeof(text), "%s(%s)", t->what,
				 t->arg ? arg : "");
		else
			snprintf(text, sizeof(text), "%s", t->text);
		fprintf(out, "%s{\"step\":%lu,\"cpu\":%u,\"fires\":%s,\"fn\":",
			i ? "," : "", t->step, t->cpu,
			!t->what && strstr(t->text, " fires: ") ? "true"
								: "false");
		if (t->what)
			json_str(out, t->what);
		else
			fputs("null", out);
		fputs(",\"arg\":", out);
		json_str(out, arg);
		fputs(",\"text\":", out);
		json_str(out, text);
		fputc('}', out);
	}
	fputs("],", out);
}

static void print_life(FILE *out, const struct run_result *res)
{
	unsigned long first = res->trace_first;
	static struct objlog_event ev[LIFE_SHOWN];
	char name[64];
	unsigned int i, n = 0;

	name[0] = '\0';
	if (res->finding)
		n = objlog_life(res->detail, name, sizeof(name), ev,
				LIFE_SHOWN);
	json_key(out, "object", name);
	fputs("\"life\":[", out);
	for (i = 0; i < n; i++) {
		/* The row it follows: the last line kept before it. */
		fprintf(out, "%s{\"row\":%ld,\"step\":%lu,\"cpu\":%u,\"text\":",
			i ? "," : "", (long)ev[i].line - 1 - (long)first,
			ev[i].step, ev[i].cpu);
		json_str(out, ev[i].text);
		fputc('}', out);
	}
	fputs("]", out);
}

static void print_data(FILE *out, const struct report_input *in,
		       const struct run_result *res)
{
	char *program = NULL, list[256], cmd[512];
	size_t len = 0;
	FILE *p = open_memstream(&program, &len);

	if (p) {
		input_print(in->prog, p);
		fclose(p);
	}
	inject_format(in->prog->injected | in->inject, list, sizeof(list));
	report_replay_command(in, cmd, sizeof(cmd));
	fprintf(out,
		"{\"finding\":%s,\"cpus\":%u,\"cpu\":%u,\"step\":%lu,"
		"\"steps\":%lu,",
		res->finding ? "true" : "false", in->prog->nr_cpus, res->cpu,
		res->step, res->steps);
	json_key(out, "oracle", res->finding ? oracle_name(res->oracle) : "");
	json_key(out, "reason", res->reason);
	json_key(out, "detail", res->detail);
	json_key(out, "stack", res->stack);
	json_key(out, "switches", list[0] ? list : "none");
	json_key(out, "program", program ? program : "");
	json_key(out, "replay", cmd);
	print_trace(out, res);
	print_life(out, res);
	fputc('}', out);
	free(program);
}

void report_print_html(FILE *out, const struct report_input *in,
		       const struct run_result *res)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>tlbfuzz: ",
	      out);
	fputs(res->finding ? oracle_name(res->oracle) : "no finding", out);
	fprintf(out,
		"</title>\n<style>\n%s</style>\n</head><body>\n"
		"<script type=\"application/json\" id=\"finding-data\">",
		html_view_css);
	print_data(out, in, res);
	fprintf(out, "</script>\n<script>\n%s</script>\n</body></html>\n",
		html_view_js);
}
