// Runs a call plan through the generated Go client, one subtest per call (go test -run TestOperations).
//
// MODELARTS_PLAN: {"baseUrl", "token", "calls": [{"id", "operationId", "pathParams": [{"name", "value"}] in
// the generator's order, "params": {name: value} (query/header), "body"?, "bodyName"?, "headers"?,
// "ownServers"?, "anonymous"? (sent without the token), "expect": {"ok", "status"}}]};
// MODELARTS_RESULTS: where the results are written (test/generators/suite.js compares them with the
// spec's examples). The operation is found by reflection (the *APIService field of
// APIClient that has the method); path parameters are decoded into the method's own argument types, the
// other parameters go through the request builder's methods (PerPage, Body, ...). Success: the decoded
// model, marshalled with the model's own MarshalJSON. Failure: the error type, HTTP status and raw body.
package modelarts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"

	modelarts "github.com/modelarts-openapi/modelarts-openapi-go"
)

type call struct {
	ID          string `json:"id"`
	OperationID string `json:"operationId"`
	PathParams  []struct {
		Name  string          `json:"name"`
		Value json.RawMessage `json:"value"`
	} `json:"pathParams"`
	Params     map[string]json.RawMessage `json:"params"`
	Body       json.RawMessage            `json:"body,omitempty"`
	BodyName   string                     `json:"bodyName"`
	Headers    map[string]string          `json:"headers"`
	OwnServers bool                       `json:"ownServers"`
	Anonymous  bool                       `json:"anonymous"` // sent without the plan's token
	Expect     struct {
		OK     bool `json:"ok"`
		Status int  `json:"status"`
	} `json:"expect"`
}

type plan struct {
	BaseURL string  `json:"baseUrl"`
	Token   *string `json:"token"`
	Calls   []call  `json:"calls"`
}

type result struct {
	ID        string          `json:"id"`
	OK        bool            `json:"ok"`
	API       string          `json:"api,omitempty"`
	Status    *int            `json:"status"`
	Type      string          `json:"type,omitempty"`
	Value     json.RawMessage `json:"value,omitempty"`
	ErrorType []string        `json:"errorTypes,omitempty"`
	Body      *string         `json:"body,omitempty"`
	ModelType string          `json:"errorModelType,omitempty"`
	Message   string          `json:"message,omitempty"`
	SentBody  json.RawMessage `json:"sentBody,omitempty"`
}

// exported turns a parameter name into the Go generator's exported name: per_page -> PerPage.
func exported(name string) string {
	var b strings.Builder
	upper := true
	for _, r := range name {
		if r == '_' || r == '-' || r == '.' || r == ' ' {
			upper = true
			continue
		}
		if upper {
			b.WriteRune(unicode.ToUpper(r))
			upper = false
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func decodeInto(raw json.RawMessage, t reflect.Type) (reflect.Value, error) {
	v := reflect.New(t)
	if err := json.Unmarshal(raw, v.Interface()); err != nil {
		return reflect.Value{}, fmt.Errorf("decode %s into %s: %w", string(raw), t, err)
	}
	return v.Elem(), nil
}

// findMethod returns the method and the OperationServers key of its service ("IAMTokensAPIService.CreateIamToken").
func findMethod(client *modelarts.APIClient, operationID string) (reflect.Value, string, error) {
	name := exported(operationID)
	cv := reflect.ValueOf(client).Elem()
	for i := 0; i < cv.NumField(); i++ {
		f := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || f.Kind() != reflect.Ptr || f.IsNil() {
			continue
		}
		if m := f.MethodByName(name); m.IsValid() {
			return m, f.Type().Elem().Name() + "." + name, nil
		}
	}
	return reflect.Value{}, "", fmt.Errorf("no generated method %s for operation %s", name, operationID)
}

func do(client *modelarts.APIClient, cfg *modelarts.Configuration, ctx context.Context, c call) (r result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	m, api, err := findMethod(client, c.OperationID)
	if err != nil {
		return r, err
	}
	r.API = strings.SplitN(api, ".", 2)[0]
	mt := m.Type()
	if mt.NumIn()-1 != len(c.PathParams) {
		return r, fmt.Errorf("%s takes %d path parameters, the plan has %d", c.OperationID, mt.NumIn()-1, len(c.PathParams))
	}
	args := []reflect.Value{reflect.ValueOf(ctx)}
	for i, p := range c.PathParams {
		v, err := decodeInto(p.Value, mt.In(i+1))
		if err != nil {
			return r, err
		}
		args = append(args, v)
	}
	req := m.Call(args)[0]
	var last reflect.Value
	// The builder method of a parameter: its exported name, with "_" appended for Go keywords (type -> Type_).
	set := func(names []string, raw json.RawMessage) error {
		var bm reflect.Value
		for _, n := range names {
			if bm = req.MethodByName(n); bm.IsValid() {
				break
			}
		}
		if !bm.IsValid() {
			return fmt.Errorf("request builder %s has none of the methods %v", req.Type(), names)
		}
		v, err := decodeInto(raw, bm.Type().In(0))
		if err != nil {
			return err
		}
		req = bm.Call([]reflect.Value{v})[0]
		last = v
		return nil
	}
	for name, raw := range c.Params {
		if err := set([]string{exported(name), exported(name) + "_"}, raw); err != nil {
			return r, err
		}
	}
	if len(c.Body) > 0 {
		if err := set([]string{exported(c.BodyName), "Body"}, c.Body); err != nil {
			return r, err
		}
		// what the client puts on the wire (it json.Marshals the body value)
		if r.SentBody, err = json.Marshal(last.Interface()); err != nil {
			return r, fmt.Errorf("marshal body: %w", err)
		}
	}
	if c.OwnServers {
		// an operation with its own servers (IAM) is looked up in OperationServers: point it at the plan's base URL
		cfg.OperationServers[api] = cfg.Servers
	}
	cfg.DefaultHeader = map[string]string{}
	for k, v := range c.Headers {
		cfg.AddDefaultHeader(k, v)
	}
	out := req.MethodByName("Execute").Call(nil)
	var model reflect.Value
	if len(out) == 3 {
		model = out[0]
	}
	resp, _ := out[len(out)-2].Interface().(*http.Response)
	if resp != nil {
		s := resp.StatusCode
		r.Status = &s
	}
	if e := out[len(out)-1]; !e.IsNil() {
		callErr := e.Interface().(error)
		r.ErrorType = []string{fmt.Sprintf("%T", callErr)}
		r.Message = callErr.Error()
		var ge *modelarts.GenericOpenAPIError
		if errors.As(callErr, &ge) {
			r.ErrorType = append(r.ErrorType, "modelarts.GenericOpenAPIError")
			body := string(ge.Body())
			r.Body = &body
			if ge.Model() != nil {
				r.ModelType = fmt.Sprintf("%T", ge.Model())
			}
		}
		return r, nil
	}
	r.OK = true
	if model.IsValid() {
		if f, ok := model.Interface().(*os.File); ok && f != nil {
			// a raw download (application/octet-stream): the client wrote it to a temporary file
			content, err := os.ReadFile(f.Name())
			if err != nil {
				return r, fmt.Errorf("read downloaded file: %w", err)
			}
			r.Type = "file"
			r.Value, _ = json.Marshal(string(content))
			return r, nil
		}
		if s, ok := model.Interface().(string); ok && resp != nil && strings.Contains(resp.Header.Get("Content-Type"), "json") {
			// the client hands a string response over as the raw body, quotes and escapes included
			// (generators/README.md, G2): a JSON string is decoded here, as a user has to
			var decoded string
			if err := json.Unmarshal([]byte(s), &decoded); err != nil {
				return r, fmt.Errorf("decode the JSON string %.200q: %w", s, err)
			}
			r.Type = "string"
			r.Value, _ = json.Marshal(decoded)
			return r, nil
		}
		r.Type = model.Type().Name()
		b, err := json.Marshal(model.Interface())
		if err != nil {
			return r, fmt.Errorf("marshal %s: %w", r.Type, err)
		}
		r.Value = b
	}
	return r, nil
}

func TestOperations(t *testing.T) {
	raw, err := os.ReadFile(os.Getenv("MODELARTS_PLAN"))
	if err != nil {
		t.Fatalf("MODELARTS_PLAN: %v", err)
	}
	var p plan
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	cfg := modelarts.NewConfiguration()
	cfg.Servers = modelarts.ServerConfigurations{{URL: p.BaseURL}}
	client := modelarts.NewAPIClient(cfg)
	ctx := context.Background()
	if p.Token != nil {
		ctx = context.WithValue(ctx, modelarts.ContextAPIKeys, map[string]modelarts.APIKey{"XAuthToken": {Key: *p.Token}})
	}
	results := []result{}
	defer func() {
		out, _ := json.Marshal(map[string]interface{}{"language": "go", "results": results})
		if err := os.WriteFile(os.Getenv("MODELARTS_RESULTS"), out, 0o644); err != nil {
			t.Errorf("MODELARTS_RESULTS: %v", err)
		}
	}()
	for _, c := range p.Calls {
		t.Run(c.ID, func(t *testing.T) {
			callCtx := ctx
			if c.Anonymous {
				callCtx = context.Background()
			}
			r, err := do(client, cfg, callCtx, c)
			if err != nil {
				r.OK = false
				r.ErrorType = []string{"driver"}
				r.Message = err.Error()
			}
			r.ID = c.ID
			results = append(results, r)
			detail, _ := json.Marshal(r)
			if r.OK != c.Expect.OK {
				t.Errorf("%s: ok=%v, want %v: %.2000s", c.OperationID, r.OK, c.Expect.OK, detail)
			}
			if c.Expect.Status != 0 && (r.Status == nil || *r.Status != c.Expect.Status) {
				t.Errorf("%s: status %v, want %d: %.2000s", c.OperationID, r.Status, c.Expect.Status, detail)
			}
		})
	}
}
