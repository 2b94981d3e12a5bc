use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;

fn main() {
    let _ = gen4::Request::builder().duration(gen4::Duration::V5).build();
}
