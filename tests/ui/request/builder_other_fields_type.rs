// Every field has its own type: a value of one field's type does not fit another field.
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;

fn main() {
    let text = gen4::PromptText::new("a cat").unwrap();
    let _ = gen4::Request::builder().prompt_image(text).build();
}
